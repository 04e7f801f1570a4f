using System.Text.Json.Serialization;

namespace Petitions.Domain.Cases;

/// <summary>
/// Something that happened to a case. Every event is kept on the case's timeline; the discriminator names are
/// stored data (and the API's timeline "type"), so renaming one is a migration.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CaseRegistered), "Registered")]
[JsonDerivedType(typeof(CaseAssigned), "Assigned")]
[JsonDerivedType(typeof(CaseNotAccepted), "NotAccepted")]
[JsonDerivedType(typeof(CaseAccepted), "Accepted")]
[JsonDerivedType(typeof(CaseTransferred), "Transferred")]
[JsonDerivedType(typeof(SiteVisitLogged), "SiteVisitLogged")]
[JsonDerivedType(typeof(ResultSubmitted), "ResultSubmitted")]
[JsonDerivedType(typeof(CallbackLogged), "CallbackLogged")]
[JsonDerivedType(typeof(CaseClosed), "Closed")]
[JsonDerivedType(typeof(CaseReopened), "Reopened")]
[JsonDerivedType(typeof(ExtensionRequested), "ExtensionRequested")]
[JsonDerivedType(typeof(ExtensionApproved), "ExtensionApproved")]
[JsonDerivedType(typeof(ExtensionRefused), "ExtensionRefused")]
[JsonDerivedType(typeof(SupervisionNoticeIssued), "SupervisionNoticeIssued")]
[JsonDerivedType(typeof(SupervisionNoticeReplied), "SupervisionNoticeReplied")]
[JsonDerivedType(typeof(LeaderOwnerNamed), "LeaderOwnerNamed")]
[JsonDerivedType(typeof(ComplainantRevealed), "ComplainantRevealed")]
[JsonDerivedType(typeof(RepeatLinked), "RepeatLinked")]
[JsonDerivedType(typeof(RepeatUnlinked), "RepeatUnlinked")]
[JsonDerivedType(typeof(RepeatReceived), "RepeatReceived")]
[JsonDerivedType(typeof(RepeatWithdrawn), "RepeatWithdrawn")]
[JsonDerivedType(typeof(RepeatDecided), "RepeatDecided")]
[JsonDerivedType(typeof(RepeatDecisionNoted), "RepeatDecisionNoted")]
[JsonDerivedType(typeof(LookBackRecorded), "LookBackRecorded")]
[JsonDerivedType(typeof(ProblemEntryAdjusted), "ProblemEntryAdjusted")]
[JsonDerivedType(typeof(QueryCodeIssued), "QueryCodeIssued")]
[JsonDerivedType(typeof(HandlingRated), "HandlingRated")]
[JsonDerivedType(typeof(DocumentDelivered), "DocumentDelivered")]
[JsonDerivedType(typeof(CaseDiverted), "Diverted")]
[JsonDerivedType(typeof(UrgentFlagged), "UrgentFlagged")]
[JsonDerivedType(typeof(UrgentReported), "UrgentReported")]
[JsonDerivedType(typeof(HistoryImported), "HistoryImported")]
[JsonDerivedType(typeof(EvidenceAttached), "EvidenceAttached")]
[JsonDerivedType(typeof(ReviewRequested), "ReviewRequested")]
[JsonDerivedType(typeof(ReviewHearingPaused), "ReviewHearingPaused")]
[JsonDerivedType(typeof(ReviewHearingResumed), "ReviewHearingResumed")]
[JsonDerivedType(typeof(ReviewDecided), "ReviewDecided")]
public abstract record CaseEvent;

public sealed record CaseRegistered(
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
    DateTimeOffset AcceptanceDueAt,
    string? QueryCodeHash = null,
    CaseType CaseType = CaseType.Accusation) : CaseEvent;

public sealed record CaseAssigned(string LeadUnit, IReadOnlyList<string> CoUnits, DateTimeOffset? DueAt) : CaseEvent;

public sealed record CaseNotAccepted(string Reason, CompetentBody? Competent = null) : CaseEvent;

public sealed record CaseAccepted(DateTimeOffset HandlingDueAt) : CaseEvent;

public sealed record CaseTransferred(string FromUnit, string ToUnit, string Reason, DateTimeOffset AcceptanceDueAt) : CaseEvent;

public sealed record SiteVisitLogged(int No, DateTimeOffset VisitedAt, IReadOnlyList<string> Inspectors, string Findings) : CaseEvent;

public sealed record ResultSubmitted(int No, Verdict Verdict, string Findings, string Measures, string? Penalties, string PublicSummary, HandlingOpinion? Opinion = null) : CaseEvent;

public sealed record CallbackLogged(int No, DateTimeOffset CalledAt, CallbackMethod Method, CallbackContact Contact, Satisfaction Satisfaction, string? Note) : CaseEvent;

public sealed record CaseClosed(ClosureKind Kind, string? Note, DateTimeOffset? RectificationDueAt, bool OnTime) : CaseEvent;

public sealed record CaseReopened(ProblemSource Source, string Reason, string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseEvent;

public sealed record ExtensionRequested(int Days, string Reason) : CaseEvent;

public sealed record ExtensionApproved(int Days, DateTimeOffset NewDueAt) : CaseEvent;

public sealed record ExtensionRefused(string Reason) : CaseEvent;

public sealed record SupervisionNoticeIssued(int No, string Note, DateTimeOffset? ReplyDueAt) : CaseEvent;

public sealed record SupervisionNoticeReplied(int No, string Reply) : CaseEvent;

public sealed record LeaderOwnerNamed(string Name, string Title) : CaseEvent;

/// <summary>Who and when are the timeline entry's; the reason is null only on reveals recorded before reasons were required.</summary>
public sealed record ComplainantRevealed(string? Reason = null) : CaseEvent;

public sealed record RepeatLinked(string OriginalCaseNo, string? Reason, bool Automatic) : CaseEvent;

public sealed record RepeatUnlinked(string OriginalCaseNo, string Reason) : CaseEvent;

/// <summary>A later case was linked as a repeat of this one; <see cref="AfterClosing"/>: this case was closed (办结后重复举报).</summary>
public sealed record RepeatReceived(string RepeatCaseNo, bool AfterClosing = false) : CaseEvent;

public sealed record RepeatWithdrawn(string RepeatCaseNo) : CaseEvent;

/// <summary>On the original: a supervisor decided on the repeats that came back after closing.</summary>
public sealed record RepeatDecided(IReadOnlyList<string> RepeatCaseNos, RepeatDecision Decision, string Reason) : CaseEvent;

/// <summary>On a repeat: the supervisor's decision on its closed original.</summary>
public sealed record RepeatDecisionNoted(string OriginalCaseNo, RepeatDecision Decision, string Reason) : CaseEvent;

public sealed record LookBackRecorded(string ReviewId, bool Held, string Note) : CaseEvent;

/// <summary>A problem-list entry placed or changed: by a stage closure, or adjusted by a supervisor.</summary>
public sealed record ProblemEntryAdjusted(ProblemSource Source, string Reason, string Target, DateTimeOffset DueAt, string ResponsiblePerson) : CaseEvent;

/// <summary>
/// A new query code was issued to the complainant (the first one comes with <see cref="CaseRegistered"/>): only its
/// keyed hash is kept, and the API's timeline shows it as null.
/// </summary>
public sealed record QueryCodeIssued(string? CodeHash, string? Reason = null) : CaseEvent;

/// <summary>The complainant rated the handling result <see cref="ResultNo"/> on the self-service page.</summary>
public sealed record HandlingRated(int ResultNo, Satisfaction Satisfaction, string? Comment) : CaseEvent;

/// <summary>A document was delivered to the complainant (送达); <see cref="ResultNo"/> is the result a handling opinion answers.</summary>
public sealed record DocumentDelivered(int No, CaseDocumentKind Document, DeliveryMethod Method, DateTimeOffset DeliveredAt, string? Recipient, int ResultNo) : CaseEvent;
/// <summary>
/// The case's earlier entries were imported with their own dates (a legacy ledger, the demo data): this entry's actor and
/// time are who imported it and when; <see cref="Source"/> is where from (a file name).
/// </summary>
public sealed record HistoryImported(string Source, int Steps) : CaseEvent;

/// <summary>A file was attached (附件): its id, the name it was uploaded under, size, content hash and type, and the step it documents.</summary>
public sealed record EvidenceAttached(string Id, string Name, long Size, string Sha256, string ContentType, string AttachTo) : CaseEvent;

/// <summary>A 复查 or 复核 was asked for, within its window (<see cref="WindowClosesAt"/>), of <see cref="ReviewingUnit"/>.</summary>
public sealed record ReviewRequested(int No, ReviewLevel Level, DateTimeOffset RequestedAt, string Reason, string ReviewingUnit, int ResultNo, DateTimeOffset WindowClosesAt) : CaseEvent;

/// <summary>A hearing (听证) paused review <see cref="No"/>'s answer clock.</summary>
public sealed record ReviewHearingPaused(int No, DateTimeOffset PausedAt) : CaseEvent;

/// <summary>The hearing ended: review <see cref="No"/>'s answer clock runs again.</summary>
public sealed record ReviewHearingResumed(int No, DateTimeOffset ResumedAt) : CaseEvent;

/// <summary>
/// The reviewing unit answered review <see cref="No"/>; a set-aside sends the case back to its lead unit in progress with
/// the opinion as the instructions, due again by <see cref="HandlingDueAt"/>.
/// </summary>
public sealed record ReviewDecided(int No, ReviewOutcome Outcome, string Opinion, DateTimeOffset? HandlingDueAt) : CaseEvent;
