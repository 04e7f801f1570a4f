using ReviewUnits = Petitions.Application.Features.Reviews.ReviewUnits;
using CaseReviews = Petitions.Domain.Cases.Reviews;
using System.Text.Json;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Privacy;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// A case as the API shows it to one user, with the actions that user may take on it now. The complainant is always
/// masked here; only "reveal" returns it in clear.
/// </summary>
public sealed record PetitionView
{
    public required string CaseNo { get; init; }
    public int Version { get; init; }
    public CaseStatus Status { get; init; }
    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? ExternalRef { get; init; }
    public ComplainantView? Complainant { get; init; }
    public required string RegionCode { get; init; }
    public required string RegionName { get; init; }
    public string? Address { get; init; }
    public required string Target { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public required string Description { get; init; }
    public string? LeadUnit { get; init; }
    public string? LeadUnitName { get; init; }
    public IReadOnlyList<UnitRef> CoUnits { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset AcceptanceDueAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? HandlingDueAt { get; init; }
    public bool Overdue { get; init; }
    public string? NotAcceptedReason { get; init; }
    public Extension? Extension { get; init; }
    public IReadOnlyList<SiteVisit> SiteVisits { get; init; } = [];
    public HandlingResult? Result { get; init; }
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];
    public bool CallbackRequirementMet { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Closure? Closure { get; init; }
    public ProblemListEntry? ProblemListEntry { get; init; }
    public string? RepeatOf { get; init; }
    public bool IsRepeat { get; init; }
    public IReadOnlyList<string> Repeats { get; init; } = [];
    /// <summary>Repeats that came back after this case was closed and wait for a supervisor's decision (办结后重复举报).</summary>
    public IReadOnlyList<string> CameBackAfterClosing { get; init; } = [];
    /// <summary>The latest supervisor's decision on a closed case that came back (on the original and on its repeats).</summary>
    public RepeatDecision? RepeatDecision { get; init; }
    public LeaderOwner? Leader { get; init; }
    public IReadOnlyList<SupervisionNotice> SupervisionNotices { get; init; } = [];
    public IReadOnlyList<LookBackReview> LookBacks { get; init; } = [];
    /// <summary>建议意见 / 检举控告 / 申诉求决.</summary>
    public CaseType Type { get; init; }
    /// <summary>Where the case was diverted (转送) and the notice to the complainant, when Diverted.</summary>
    public Diversion? Diversion { get; init; }
    /// <summary>The urgent matter (重大紧急) with its upward reports, when flagged.</summary>
    public UrgentMatter? Urgent { get; init; }
    public IReadOnlyList<TimelineItem> Timeline { get; init; } = [];
    /// <summary>Who decides a not-accepted matter instead, as the refusal notice names them.</summary>
    public CompetentBody? NotAcceptedCompetentBody { get; init; }
    /// <summary>The written documents the case has now (受理回执, 告知书, 处理意见书), each with its deliveries.</summary>
    public IReadOnlyList<CaseDocumentInfo> Documents { get; init; } = [];
    /// <summary>The acceptance decision must reach the complainant in writing by then; null once a notice is delivered.</summary>
    public DateTimeOffset? AcceptanceNoticeDueAt { get; init; }
    public bool AcceptanceNoticeOverdue { get; init; }
    /// <summary>The case's 复查 / 复核 requests with their reviewing units, clocks and answers.</summary>
    public IReadOnlyList<CaseReviewView> Reviews { get; init; } = [];
    /// <summary>The 复查 / 复核 the complainant may ask for next and until when; null when the case offers none.</summary>
    public ReviewWindowView? ReviewWindow { get; init; }
    /// <summary>A 复核 has been answered: the matter is final (信访工作条例 Art. 36).</summary>
    public bool ReviewFinal { get; init; }

    /// <summary>What the user may do to the case now (its state allows it and the user may send it), in a stable order.</summary>
    public IReadOnlyList<CaseCommandKind> AllowedActions { get; init; } = [];

    public static PetitionView From(PetitionCase c, UnitTree units, DateTimeOffset now, CurrentUser user) => new()
    {
        CaseNo = c.CaseNo,
        Version = c.Version,
        Status = c.Status,
        Channel = c.Channel,
        ReceivedAt = c.ReceivedAt,
        RegisteredAt = c.RegisteredAt,
        RoundCode = c.RoundCode,
        BatchNo = c.BatchNo,
        ExternalRef = c.ExternalRef,
        Complainant = ComplainantView.MaskedFrom(c.Complainant),
        RegionCode = c.RegionCode,
        RegionName = units.NameOf(c.RegionCode),
        Address = c.Address,
        Target = c.Target,
        Categories = c.Categories,
        Description = c.Description,
        LeadUnit = c.LeadUnit,
        LeadUnitName = c.LeadUnit is { } lead ? units.NameOf(lead) : null,
        CoUnits = c.CoUnits.Select(u => new UnitRef(u, units.NameOf(u))).ToList(),
        DueAt = c.DueAt,
        AcceptanceDueAt = c.AcceptanceDueAt,
        AcceptedAt = c.AcceptedAt,
        HandlingDueAt = c.HandlingDueAt,
        Overdue = c.IsOverdue(now),
        NotAcceptedReason = c.NotAcceptedReason,
        Extension = c.Extension,
        SiteVisits = c.SiteVisits,
        Result = c.Result,
        Callbacks = c.Callbacks,
        CallbackRequirementMet = PetitionRules.CallbackRequirementMet(c),
        Satisfaction = c.EffectiveSatisfaction,
        Closure = c.Closure,
        ProblemListEntry = c.Problem,
        RepeatOf = c.RepeatOf,
        IsRepeat = c.RepeatOf is not null,
        Repeats = c.Repeats,
        CameBackAfterClosing = c.CameBackAfterClosing,
        RepeatDecision = c.RepeatDecision,
        Leader = c.Leader,
        SupervisionNotices = c.SupervisionNotices,
        LookBacks = c.LookBacks,
        Type = c.Type,
        Diversion = c.Diversion,
        Urgent = c.Urgent,
        Timeline = c.Timeline.Select(TimelineItem.From).ToList(),
        AllowedActions = CaseActionPermissions.AllowedFor(user, units, c),
        NotAcceptedCompetentBody = c.NotAcceptedCompetentBody,
        Documents = CaseDocumentInfo.Of(c),
        AcceptanceNoticeDueAt = CaseDocuments.PendingAcceptanceNoticeDueAt(c),
        AcceptanceNoticeOverdue = CaseDocuments.IsAcceptanceNoticeOverdue(c, now),
        Reviews = c.Reviews.Select(r => CaseReviewView.From(r, units, now)).ToList(),
        ReviewWindow = ReviewWindowView.Of(c, units, now),
        ReviewFinal = CaseReviews.IsFinal(c),
    };
}

/// <summary>A 复查 / 复核 on the case file: the reviewing unit, the window it was asked in, the answer clock (paused time not counted) and the answer.</summary>
public sealed record CaseReviewView(int No, ReviewLevel Level, DateTimeOffset RequestedAt, string Reason, UnitRef ReviewingUnit, DateTimeOffset WindowClosesAt,
    IReadOnlyList<ReviewHearing> Hearings, bool Paused, TimeSpan PausedTime, DateTimeOffset? AnswerDueAt, bool AnswerOverdue, ReviewAnswer? Answer)
{
    public static CaseReviewView From(CaseReview r, UnitTree units, DateTimeOffset now) => new(r.No, r.Level, r.RequestedAt, r.Reason,
        new UnitRef(r.ReviewingUnit, units.NameOf(r.ReviewingUnit)), r.WindowClosesAt, r.Hearings, r.IsPaused, r.PausedTime(r.Answer?.DecidedAt ?? now),
        r.AnswerDueAt, r.IsOpen && r.AnswerDueAt is { } due && now > due, r.Answer);
}

/// <summary>The next review the complainant may ask for: its level, the unit it goes to, when the window closes and whether it is still open.</summary>
public sealed record ReviewWindowView(ReviewLevel Level, UnitRef ReviewingUnit, DateTimeOffset ClosesAt, bool Open)
{
    public static ReviewWindowView? Of(PetitionCase c, UnitTree units, DateTimeOffset now)
    {
        if (!CaseCommandTable.Applies(c, CaseCommandKind.RequestReview)) return null;
        var level = ReviewUnits.NextLevel(c);
        var (closes, refusal) = CaseReviews.Window(c, level);
        if (refusal is not null || closes is not { } at) return null;
        var unit = ReviewUnits.For(c, level, units);
        return new ReviewWindowView(level, new UnitRef(unit, units.NameOf(unit)), at, now <= at);
    }
}

public sealed record UnitRef(string Code, string Name);

/// <summary>A document the case has: its kind as the documents route names it, when it was issued, and its deliveries.</summary>
public sealed record CaseDocumentInfo(string Kind, CaseDocumentKind Document, DateTimeOffset IssuedAt, IReadOnlyList<Delivery> Deliveries)
{
    public static IReadOnlyList<CaseDocumentInfo> Of(PetitionCase c) =>
        Enum.GetValues<CaseDocumentKind>()
            .Where(k => CaseDocuments.Exists(c, k))
            .Select(k => new CaseDocumentInfo(Notices.DocumentKinds.Slug(k), k, CaseDocuments.IssuedAt(c, k)!.Value, c.Deliveries.Where(d => d.Document == k).ToList()))
            .ToList();
}

public sealed record ComplainantView(string? Name, string? Phone, string? Address, bool Anonymous, bool Masked)
{
    public static ComplainantView? MaskedFrom(Complainant? c) =>
        c is null ? null : new(Masking.Name(c.Name), Masking.Phone(c.Phone), Masking.Address(c.Address), c.Anonymous, true);

    public static ComplainantView? ClearFrom(Complainant? c) =>
        c is null ? null : new(c.Name, c.Phone, c.Address, c.Anonymous, false);
}

/// <summary>One timeline event: who, when, what (the event's type), and its data.</summary>
public sealed record TimelineItem(int Seq, int Version, DateTimeOffset At, Actor Actor, string Type, JsonElement Data)
{
    public static TimelineItem From(TimelineEntry entry)
    {
        // The complainant is masked; a query code's hash never leaves the case.
        var data = entry.Event switch
        {
            CaseRegistered registered => registered with { Complainant = registered.Complainant is { } c ? MaskForTimeline(c) : null, QueryCodeHash = null },
            QueryCodeIssued issued => issued with { CodeHash = null },
            _ => entry.Event,
        };
        var element = JsonSerializer.SerializeToElement<CaseEvent>(data, ApiJson.Options);
        return new TimelineItem(entry.Seq, entry.Version, entry.At, entry.Actor, element.GetProperty("type").GetString()!, element);
    }

    private static Complainant MaskForTimeline(Complainant c) =>
        new(Masking.Name(c.Name), Masking.Phone(c.Phone), Masking.Address(c.Address), c.Anonymous, PhoneHash: null);
}
