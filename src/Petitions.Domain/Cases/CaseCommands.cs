namespace Petitions.Domain.Cases;

/// <summary>Something a user (or the system) asks of one case. Decided by <see cref="PetitionRules.Decide"/>.</summary>
public abstract record CaseCommand;

public sealed record RegisterCaseCommand(
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
    Assignment? Assignment,
    string? QueryCodeHash = null,
    CaseType CaseType = CaseType.Accusation,
    UrgentFlag? Urgent = null) : CaseCommand;

public sealed record AssignCaseCommand(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset? DueAt) : CaseCommand;

/// <summary>Declines a registered complaint; <see cref="Competent"/> names who decides it instead (for the refusal notice).</summary>
public sealed record NotAcceptCaseCommand(string Reason, CompetentBody? Competent = null) : CaseCommand;

public sealed record AcceptCaseCommand : CaseCommand;

public sealed record TransferCaseCommand(string ToUnit, string Reason) : CaseCommand;

public sealed record LogSiteVisitCommand(DateTimeOffset VisitedAt, IReadOnlyList<string> Inspectors, string Findings) : CaseCommand;

/// <summary>The handling result; <see cref="Opinion"/> null follows the verdict (<see cref="CaseDocuments.OpinionFor"/>).</summary>
public sealed record SubmitResultCommand(Verdict Verdict, string Findings, string Measures, string? Penalties, string PublicSummary, HandlingOpinion? Opinion = null) : CaseCommand;

public sealed record LogCallbackCommand(DateTimeOffset CalledAt, CallbackMethod Method, CallbackContact Contact, Satisfaction Satisfaction, string? Note) : CaseCommand;

public sealed record CloseCaseCommand(ClosureKind Kind, string? Note, DateTimeOffset? RectificationDueAt) : CaseCommand;

public sealed record ReopenCaseCommand(string Reason, string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseCommand;

public sealed record RequestExtensionCommand(int Days, string Reason) : CaseCommand;

public sealed record ApproveExtensionCommand : CaseCommand;

public sealed record RefuseExtensionCommand(string Reason) : CaseCommand;

public sealed record IssueSupervisionNoticeCommand(string Note, DateTimeOffset? ReplyDueAt) : CaseCommand;

public sealed record ReplySupervisionNoticeCommand(int NoticeNo, string Reply) : CaseCommand;

public sealed record NameLeaderOwnerCommand(string Name, string Title) : CaseCommand;

/// <summary>Shows the complainant in clear; the reason is kept on the timeline and in the reveal log for auditors.</summary>
public sealed record RevealComplainantCommand(string Reason) : CaseCommand;

/// <summary>Marks this case as a repeat of an earlier one (automatically at intake, or by intake staff).</summary>
public sealed record LinkRepeatCommand(string OriginalCaseNo, string? Reason, bool Automatic) : CaseCommand;

public sealed record UnlinkRepeatCommand(string Reason) : CaseCommand;

/// <summary>
/// Told to the original case when a later case is linked to it as a repeat; <paramref name="LinkedAt"/>: when the link
/// was made (an imported history's link is older than the telling: the original came back after closing only if it was
/// closed by then).
/// </summary>
public sealed record RecordRepeatCommand(string RepeatCaseNo, DateTimeOffset? LinkedAt = null) : CaseCommand;

/// <summary>Told to the original case when a repeat is unlinked from it.</summary>
public sealed record WithdrawRepeatCommand(string RepeatCaseNo) : CaseCommand;

/// <summary>
/// A supervisor decides on a closed case that came back: reopen it (with reason, target, deadline and responsible
/// person, like a reopen) or let the new case carry the matter (the original stays closed).
/// </summary>
public sealed record DecideRepeatCommand(RepeatDecision Decision, string Reason, string? Target, DateTimeOffset? DueAt, string? ResponsiblePerson) : CaseCommand;

/// <summary>Told to a repeat case when the supervisor decided on its closed original.</summary>
public sealed record NoteRepeatDecisionCommand(string OriginalCaseNo, RepeatDecision Decision, string Reason) : CaseCommand;

public sealed record RecordLookBackCommand(string ReviewId, bool Held, string Note) : CaseCommand;

/// <summary>Gives the complainant a new query code (only its hash reaches the case); the previous code stops working.</summary>
public sealed record IssueQueryCodeCommand(string CodeHash, string? Reason = null) : CaseCommand;

/// <summary>The complainant rates the handling on the self-service page (满意 / 基本满意 / 不满意), once per case.</summary>
public sealed record RateHandlingCommand(Satisfaction Satisfaction, string? Comment) : CaseCommand;

/// <summary>A document reached the complainant (送达): by what means, when, to whom.</summary>
public sealed record RecordDeliveryCommand(CaseDocumentKind Document, DeliveryMethod Method, DateTimeOffset DeliveredAt, string? Recipient) : CaseCommand;
/// <summary>
/// The complainant asks for 复查 or 复核 (from intake, or on the self-service page); <see cref="ReviewingUnit"/> is the unit
/// the Application found one level up (the top unit reviews itself).
/// </summary>
public sealed record RequestReviewCommand(ReviewLevel Level, DateTimeOffset RequestedAt, string Reason, string ReviewingUnit) : CaseCommand;

/// <summary>A hearing (听证) pauses review <see cref="No"/>'s answer clock (<see cref="PausedAt"/>) or resumes it (<see cref="ResumedAt"/>).</summary>
public sealed record ReviewHearingCommand(int No, DateTimeOffset? PausedAt, DateTimeOffset? ResumedAt) : CaseCommand;

/// <summary>The reviewing unit answers review <see cref="No"/> in writing.</summary>
public sealed record DecideReviewCommand(int No, ReviewOutcome Outcome, string Opinion) : CaseCommand;

/// <summary>
/// Attaches a stored file (its bytes already kept by content hash) to the case; <see cref="AttachTo"/> is the step it
/// documents, <see cref="CaseLimitBytes"/> the setting the case's files must stay within together.
/// </summary>
public sealed record AttachEvidenceCommand(string AttachmentId, string Name, long Size, string Sha256, string ContentType,
    Evidence.EvidenceTarget AttachTo, long CaseLimitBytes) : CaseCommand;

public sealed record AdjustProblemEntryCommand(string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseCommand;

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
    public static readonly ProblemDefaults Standard = new(SystemPhrases.DefaultResponsible, 30);
}
