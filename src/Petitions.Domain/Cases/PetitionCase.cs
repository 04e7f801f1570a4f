namespace Petitions.Domain.Cases;

/// <summary>Who did something. <see cref="System"/> acts for automatic consequences (a dissatisfied callback reopening a case).</summary>
public sealed record Actor(string Id, string Name)
{
    public static readonly Actor System = new("system", "系统");

    /// <summary>The complainant acting on the self-service page (no account: never a name).</summary>
    public static readonly Actor Complainant = new("complainant", "信访人（自助查询）");
}

/// <summary>The person who complained. Never logged; masked for everyone who has not revealed it.</summary>
public sealed record Complainant(string? Name, string? Phone, string? Address, bool Anonymous, string? PhoneHash)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasIdentity => !Anonymous && (Name is not null || Phone is not null || Address is not null);
}

public sealed record Assignment(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset? DueAt);

public sealed record SiteVisit(int No, DateTimeOffset VisitedAt, IReadOnlyList<string> Inspectors, string Findings, DateTimeOffset LoggedAt, string LoggedBy);

/// <summary>A handling result; <see cref="Opinion"/> is null only on results recorded before opinions were kept (then the verdict's).</summary>
public sealed record HandlingResult(int No, Verdict Verdict, string Findings, string Measures, string? Penalties, string PublicSummary, DateTimeOffset SubmittedAt, string SubmittedBy, HandlingOpinion? Opinion = null)
{
    public HandlingOpinion EffectiveOpinion => Opinion ?? CaseDocuments.OpinionFor(Verdict);
}

public sealed record Callback(int No, DateTimeOffset CalledAt, CallbackMethod Method, CallbackContact Contact, Satisfaction Satisfaction, string? Note, int ResultNo, DateTimeOffset LoggedAt, string LoggedBy);

public sealed record Closure(ClosureKind Kind, string? Note, DateTimeOffset? RectificationDueAt, DateTimeOffset ClosedAt, DateTimeOffset? DueAt, bool OnTime, string ClosedBy);

public sealed record Extension(int Days, string Reason, ExtensionStatus Status, DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote);

/// <summary>An entry on the problem list (问题清单): a rectification target, a deadline and a responsible person.</summary>
public sealed record ProblemListEntry(ProblemSource Source, string Reason, string Target, DateTimeOffset DueAt, string ResponsiblePerson, DateTimeOffset OpenedAt);

public sealed record LeaderOwner(string Name, string Title, DateTimeOffset NamedAt, string NamedBy);

public sealed record SupervisionNotice(int No, string Note, DateTimeOffset? ReplyDueAt, DateTimeOffset IssuedAt, string IssuedBy, string? Reply, DateTimeOffset? RepliedAt, string? RepliedBy);

/// <summary>The complainant's own rating of the result <see cref="ResultNo"/>, given on the self-service page.</summary>
public sealed record Rating(int ResultNo, Satisfaction Satisfaction, string? Comment, DateTimeOffset RatedAt);

public sealed record LookBackReview(string ReviewId, bool Held, string Note, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record TimelineEntry(int Seq, int Version, DateTimeOffset At, Actor Actor, CaseEvent Event);

/// <summary>
/// The state of one petition case (信访件). Immutable: <see cref="PetitionRules"/> decides commands into events
/// and applies events to produce the next state. Stored as grain state; renaming a property is a migration.
/// </summary>
public sealed record PetitionCase
{
    public required string CaseNo { get; init; }
    /// <summary>Incremented once per accepted command; the read model's version guard and If-Match use it.</summary>
    public int Version { get; init; }
    public CaseStatus Status { get; init; }

    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset RegisteredAt { get; init; }
    public string RegisteredBy { get; init; } = "";
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? ExternalRef { get; init; }
    public int? RoundHandlingDays { get; init; }

    public Complainant? Complainant { get; init; }
    public required string RegionCode { get; init; }
    public string? Address { get; init; }
    public required string Target { get; init; }
    public required string SubjectKey { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public required string Description { get; init; }

    public string? LeadUnit { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public DateTimeOffset? AssignedDueAt { get; init; }

    public DateTimeOffset AcceptanceDueAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? HandlingDueAt { get; init; }
    /// <summary>The deadline in force: acceptance while unaccepted, then handling (extended), then a problem-list deadline.</summary>
    public DateTimeOffset? DueAt { get; init; }
    public string? NotAcceptedReason { get; init; }
    /// <summary>Who decides a not-accepted matter instead, and how to reach them (the refusal notice names them).</summary>
    public CompetentBody? NotAcceptedCompetentBody { get; init; }

    public Extension? Extension { get; init; }
    public IReadOnlyList<SiteVisit> SiteVisits { get; init; } = [];
    public IReadOnlyList<HandlingResult> Results { get; init; } = [];
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];
    public Closure? Closure { get; init; }
    public ProblemListEntry? Problem { get; init; }
    public int ReopenCount { get; init; }

    public string? RepeatOf { get; init; }
    public DateTimeOffset? RepeatLinkedAt { get; init; }
    public IReadOnlyList<string> Repeats { get; init; } = [];
    /// <summary>Repeats that came back after this case was closed, awaiting a supervisor's decision (办结后重复举报).</summary>
    public IReadOnlyList<string> CameBackAfterClosing { get; init; } = [];
    /// <summary>The latest supervisor's decision on a closed case that came back (on the original and on its repeats).</summary>
    public RepeatDecision? RepeatDecision { get; init; }
    /// <summary>Intake unlinked an automatic repeat link: the case is not linked automatically again.</summary>
    public bool AutoLinkDeclined { get; init; }
    /// <summary>A repeat must be investigated again: "unsubstantiated" needs a site visit made after this instant.</summary>
    public DateTimeOffset? SiteVisitRequiredAfter { get; init; }

    public LeaderOwner? Leader { get; init; }
    public IReadOnlyList<SupervisionNotice> SupervisionNotices { get; init; } = [];
    public IReadOnlyList<LookBackReview> LookBacks { get; init; } = [];

    /// <summary>The keyed hash of the complainant's query code in force (the code itself is never stored).</summary>
    public string? QueryCodeHash { get; init; }
    /// <summary>The complainant's self-service rating (once per case).</summary>
    public Rating? Rating { get; init; }
    /// <summary>Documents delivered to the complainant (送达), in order.</summary>
    public IReadOnlyList<Delivery> Deliveries { get; init; } = [];

    /// <summary>建议意见 / 检举控告 / 申诉求决; cases stored before types existed read as 检举控告 (pollution reports).</summary>
    public CaseType Type { get; init; } = CaseType.Accusation;
    /// <summary>Where the case was diverted (转送), when its status is Diverted.</summary>
    public Diversion? Diversion { get; init; }
    /// <summary>The urgent matter (重大紧急) and its upward reports, when flagged.</summary>
    public UrgentMatter? Urgent { get; init; }
    /// <summary>Files attached to the case (附件), in the order they came; the bytes are kept apart, once per content hash.</summary>
    public IReadOnlyList<Evidence.Attachment> Attachments { get; init; } = [];
    /// <summary>Requests for 复查 / 复核 (信访工作条例 Art. 35–36), numbered from 1, at most one open.</summary>
    public IReadOnlyList<CaseReview> Reviews { get; init; } = [];

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public string EffectiveLeadUnit => LeadUnit ?? RegionCode;
    public bool IsOpen => Status.IsOpen();
    public bool IsOverdue(DateTimeOffset now) => IsOpen && DueAt is { } due && now > due;
    public HandlingResult? Result => Results.Count == 0 ? null : Results[^1];
    public bool IsFinallyClosed => Status == CaseStatus.Closed && Closure?.Kind == ClosureKind.Final;

    /// <summary>All units that work on the case: the lead (or, before assignment, the region's unit) and co-units.</summary>
    public IEnumerable<string> Units => CoUnits.Prepend(EffectiveLeadUnit).Distinct();

    /// <summary>The units that see the case: those that work it and the units that review or reviewed it (复查 / 复核).</summary>
    public IEnumerable<string> VisibleTo => Units.Concat(Reviews.Select(r => r.ReviewingUnit)).Distinct();

    /// <summary>
    /// The satisfaction that counts for the case: the complainant's latest answer (a callback to the complainant or
    /// the self-service rating, whichever came later), else the latest answered callback to a resident.
    /// </summary>
    public Satisfaction? EffectiveSatisfaction
    {
        get
        {
            var answered = Callbacks.Where(c => c.Satisfaction != Satisfaction.Unreachable).ToList();
            var complainant = answered.LastOrDefault(c => c.Contact == CallbackContact.Complainant);
            if (Rating is { } rating && (complainant is null || rating.RatedAt >= complainant.LoggedAt)) return rating.Satisfaction;
            var chosen = complainant ?? answered.LastOrDefault();
            return chosen?.Satisfaction;
        }
    }
}
