namespace Petitions.Domain.Cases;

/// <summary>Something a user (or the system) asks of one case. Decided by <see cref="PetitionRules.Decide"/>.</summary>
public abstract record CaseCommand;

public sealed record RegisterCase(
    Channel Channel,
    DateTimeOffset ReceivedAt,
    string? RoundCode,
    int? BatchNo,
    string? ExternalRef,
    int? RoundHandlingDays,
    Complainant? Complainant,
    string RegionCode,
    string? Address,
    string Target,
    string SubjectKey,
    IReadOnlyList<Category> Categories,
    string Description,
    Assignment? Assignment) : CaseCommand;

public sealed record AssignCase(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset? DueAt) : CaseCommand;

public sealed record NotAcceptCase(string Reason) : CaseCommand;

public sealed record AcceptCase : CaseCommand;

public sealed record TransferCase(string ToUnit, string Reason) : CaseCommand;

public sealed record LogSiteVisit(DateTimeOffset VisitedAt, IReadOnlyList<string> Inspectors, string Findings) : CaseCommand;

public sealed record SubmitResult(Verdict Verdict, string Findings, string Measures, string? Penalties, string PublicSummary) : CaseCommand;

public sealed record LogCallback(DateTimeOffset CalledAt, CallbackMethod Method, CallbackContact Contact, Satisfaction Satisfaction, string? Note) : CaseCommand;

public sealed record CloseCase(ClosureKind Kind, string? Note, DateTimeOffset? RectificationDueAt) : CaseCommand;

public sealed record ReopenCase(string Reason, string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseCommand;

public sealed record RequestExtension(int Days, string Reason) : CaseCommand;

public sealed record ApproveExtension : CaseCommand;

public sealed record RefuseExtension(string Reason) : CaseCommand;

public sealed record IssueSupervisionNotice(string Note, DateTimeOffset? ReplyDueAt) : CaseCommand;

public sealed record ReplySupervisionNotice(int NoticeNo, string Reply) : CaseCommand;

public sealed record NameLeaderOwner(string Name, string Title) : CaseCommand;

public sealed record RevealComplainant : CaseCommand;

/// <summary>Marks this case as a repeat of an earlier one (automatically at intake, or by intake staff).</summary>
public sealed record LinkRepeat(string OriginalCaseNo, string? Reason, bool Automatic) : CaseCommand;

public sealed record UnlinkRepeat(string Reason) : CaseCommand;

/// <summary>Told to the original case when a later case is linked to it as a repeat.</summary>
public sealed record RecordRepeat(string RepeatCaseNo) : CaseCommand;

/// <summary>Told to the original case when a repeat is unlinked from it.</summary>
public sealed record WithdrawRepeat(string RepeatCaseNo) : CaseCommand;

public sealed record RecordLookBack(string ReviewId, bool Held, string Note) : CaseCommand;

public sealed record AdjustProblemEntry(string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseCommand;

/// <summary>What a decision needs besides the state and the command: who, when, and the lead unit's defaults.</summary>
public sealed record CommandContext(Actor Actor, DateTimeOffset Now, ProblemDefaults Defaults)
{
    /// <summary>Instants are stored in UTC whatever offset the caller's clock used.</summary>
    public CommandContext InUtc() => Now.Offset == TimeSpan.Zero ? this : this with { Now = Now.ToUniversalTime() };

    public static CommandContext For(Actor actor, DateTimeOffset now) => new(actor, now, ProblemDefaults.Standard);
}

/// <summary>Defaults for automatic problem-list entries, from the lead unit's profile.</summary>
public sealed record ProblemDefaults(string ResponsiblePerson, int RectificationDays)
{
    public static readonly ProblemDefaults Standard = new("责任单位主要负责人", 30);
}
