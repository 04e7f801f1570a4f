using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>A case in a list (the petition list, a unit's queue): from the read model, never with complainant data.</summary>
public sealed record CaseListItem
{
    public required string CaseNo { get; init; }
    public CaseStatus Status { get; init; }
    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public required string RegionName { get; init; }
    /// <summary>The lead unit, or the region's unit before assignment.</summary>
    public required string LeadUnit { get; init; }
    public required string LeadUnitName { get; init; }
    public IReadOnlyList<UnitRef> CoUnits { get; init; } = [];
    public required string Target { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
    /// <summary>China calendar days from today to the due date; negative when overdue; null when the case is not open.</summary>
    public int? DaysLeft { get; init; }
    public bool IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Verdict? Verdict { get; init; }
    public ClosureKind? CloseKind { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public LeaderRef? Leader { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public bool OnProblemList { get; init; }
    /// <summary>The acceptance decision has not reached the complainant in writing within 15 days of receipt (书面告知).</summary>
    public bool AcceptanceNoticeOverdue { get; init; }
    public CaseType Type { get; init; }
    /// <summary>The kind of urgent matter, when flagged (重大紧急).</summary>
    public UrgentKind? Urgent { get; init; }
    /// <summary>How many upward reports of the urgent matter are recorded.</summary>
    public int UrgentReports { get; init; }
    /// <summary>The body the case was diverted to (转送), when Diverted.</summary>
    public DivertBody? DivertedTo { get; init; }

    public static CaseListItem From(CaseIndexEntry entry, UnitTree units, DateTimeOffset now) => new()
    {
        CaseNo = entry.CaseNo,
        Status = entry.Status,
        Channel = entry.Channel,
        ReceivedAt = entry.ReceivedAt,
        RegionCode = entry.RegionCode,
        RegionName = units.NameOf(entry.RegionCode),
        LeadUnit = entry.LeadUnit,
        LeadUnitName = units.NameOf(entry.LeadUnit),
        CoUnits = entry.CoUnits.Select(u => new UnitRef(u, units.NameOf(u))).ToList(),
        Target = entry.Target,
        Categories = entry.Categories,
        DueAt = entry.DueAt,
        Overdue = entry.IsOverdueAt(now),
        AcceptanceNoticeOverdue = entry.IsNoticeOverdueAt(now),
        DaysLeft = entry.DaysLeftAt(now),
        IsRepeat = entry.IsRepeat,
        RepeatOf = entry.RepeatOf,
        RepeatCount = entry.RepeatCount,
        Satisfaction = entry.Satisfaction,
        Verdict = entry.Verdict,
        CloseKind = entry.CloseKind,
        RoundCode = entry.RoundCode,
        BatchNo = entry.BatchNo,
        Leader = LeaderRef.Of(entry),
        SupervisionCount = entry.SupervisionCount,
        OpenSupervision = entry.OpenSupervision,
        OnProblemList = entry.OnProblemList,
        Type = entry.Type,
        Urgent = entry.Urgent,
        UrgentReports = entry.UrgentReports,
        DivertedTo = entry.DivertedTo,
    };
}

public sealed record LeaderRef(string Name, string? Title)
{
    public static LeaderRef? Of(CaseIndexEntry entry) => entry.LeaderName is { } name ? new LeaderRef(name, entry.LeaderTitle) : null;
}
