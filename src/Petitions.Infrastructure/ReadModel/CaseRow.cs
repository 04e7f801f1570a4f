using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>The case_index row of a case: what lists, statistics and the problem list need, and nothing private.</summary>
public sealed record CaseRow
{
    public required string CaseNo { get; init; }
    public int Version { get; init; }
    public string? StorageEtag { get; init; }
    public required string Status { get; init; }
    public required string Channel { get; init; }
    public required string RegionCode { get; init; }
    public required string LeadUnit { get; init; }
    public required string CoUnits { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? ExternalRef { get; init; }
    public long ReceivedAt { get; init; }
    public long RegisteredAt { get; init; }
    public long? AcceptedAt { get; init; }
    public long? DueAt { get; init; }
    public int IsOpen { get; init; }
    public long? ClosedAt { get; init; }
    public string? CloseKind { get; init; }
    public int? ClosedOnTime { get; init; }
    public string? Verdict { get; init; }
    public string? Satisfaction { get; init; }
    public int IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    /// <summary>Repeats that came back after closing and wait for a supervisor (comma-separated), or null.</summary>
    public string? CameBack { get; init; }
    public string? RepeatDecision { get; init; }
    /// <summary>The complainant phone's keyed hash (never the number), for the case list's phone search.</summary>
    public string? PhoneHash { get; init; }
    public int OnProblemList { get; init; }
    public string? ProblemSource { get; init; }
    public string? ProblemReason { get; init; }
    public string? ProblemTarget { get; init; }
    public long? ProblemDueAt { get; init; }
    public string? ProblemResponsible { get; init; }
    public int ReopenCount { get; init; }
    public string? LeaderName { get; init; }
    public string? LeaderTitle { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public string? ExtensionStatus { get; init; }
    public required string Categories { get; init; }
    public required string Target { get; init; }
    public required string SubjectKey { get; init; }
    public string? Address { get; init; }
    public required string Description { get; init; }
    public long UpdatedAt { get; init; }

    /// <summary>PostgreSQL text cannot hold NUL; no reader needs one. Input validation refuses them; this is the backstop.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Text(string? value) => value?.Replace("\0", "", StringComparison.Ordinal);

    public static CaseRow From(PetitionCase c, string? storageEtag)
    {
        var closed = c.Status == CaseStatus.Closed ? c.Closure : null;
        return new CaseRow
        {
            CaseNo = c.CaseNo,
            Version = c.Version,
            StorageEtag = storageEtag,
            Status = c.Status.ToString(),
            Channel = c.Channel.ToString(),
            RegionCode = c.RegionCode,
            LeadUnit = c.EffectiveLeadUnit,
            CoUnits = string.Join(',', c.CoUnits),
            RoundCode = c.RoundCode,
            BatchNo = c.BatchNo,
            ExternalRef = Text(c.ExternalRef),
            ReceivedAt = SqlTime.ToMs(c.ReceivedAt),
            RegisteredAt = SqlTime.ToMs(c.RegisteredAt),
            AcceptedAt = SqlTime.ToMs(c.AcceptedAt),
            DueAt = SqlTime.ToMs(c.DueAt),
            IsOpen = c.IsOpen ? 1 : 0,
            ClosedAt = SqlTime.ToMs(closed?.ClosedAt),
            CloseKind = closed?.Kind.ToString(),
            ClosedOnTime = closed is null ? null : closed.OnTime ? 1 : 0,
            Verdict = c.Result?.Verdict.ToString(),
            Satisfaction = c.EffectiveSatisfaction?.ToString(),
            IsRepeat = c.RepeatOf is null ? 0 : 1,
            RepeatOf = c.RepeatOf,
            RepeatCount = c.Repeats.Count,
            CameBack = c.CameBackAfterClosing.Count == 0 ? null : string.Join(',', c.CameBackAfterClosing),
            RepeatDecision = c.RepeatDecision?.ToString(),
            PhoneHash = c.Complainant?.PhoneHash,
            OnProblemList = c.Problem is null ? 0 : 1,
            ProblemSource = c.Problem?.Source.ToString(),
            ProblemReason = Text(c.Problem?.Reason),
            ProblemTarget = Text(c.Problem?.Target),
            ProblemDueAt = SqlTime.ToMs(c.Problem?.DueAt),
            ProblemResponsible = Text(c.Problem?.ResponsiblePerson),
            ReopenCount = c.ReopenCount,
            LeaderName = Text(c.Leader?.Name),
            LeaderTitle = Text(c.Leader?.Title),
            SupervisionCount = c.SupervisionNotices.Count,
            OpenSupervision = c.SupervisionNotices.Count(n => n.Reply is null),
            ExtensionStatus = c.Extension?.Status.ToString(),
            Categories = string.Join(',', c.Categories.Distinct()),
            Target = Text(c.Target),
            SubjectKey = c.SubjectKey,
            Address = Text(c.Address),
            Description = Text(c.Description),
            UpdatedAt = SqlTime.ToMs(c.Timeline.Count == 0 ? c.RegisteredAt : c.Timeline[^1].At),
        };
    }
}
