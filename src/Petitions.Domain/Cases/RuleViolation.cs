namespace Petitions.Domain.Cases;

public enum ViolationKind
{
    /// <summary>The command does not apply to the case's current state (HTTP 409).</summary>
    Conflict,
    /// <summary>The command's data contradicts the case (HTTP 400, naming the field).</summary>
    Invalid,
    /// <summary>The client acted on a version it had not seen (HTTP 412).</summary>
    PreconditionFailed,
    /// <summary>The case does not exist (HTTP 404).</summary>
    NotFound,
}

/// <summary>A refusal that names the rule. Messages are English; user interfaces translate by <see cref="Rule"/>;
/// <see cref="WindowClosedAt"/>: when a refused request's window closed (a late 复查 / 复核).</summary>
public sealed record RuleViolation(string Rule, ViolationKind Kind, string Message, CaseStatus? CurrentStatus = null, string? Field = null, DateTimeOffset? WindowClosedAt = null);

/// <summary>The names of the rules, as they appear in ProblemDetails ("rule") and in translations.</summary>
public static class Rules
{
    public const string CaseNotFound = "CaseNotFound";
    public const string TransitionNotAllowed = "TransitionNotAllowed";
    public const string VersionMismatch = "VersionMismatch";
    public const string UnsubstantiatedRequiresSiteVisit = "UnsubstantiatedRequiresSiteVisit";
    public const string RepeatRequiresSiteVisit = "RepeatRequiresSiteVisit";
    public const string CloseRequiresCallback = "CloseRequiresCallback";
    public const string StageClosureRequiresDueDate = "StageClosureRequiresDueDate";
    public const string ExtensionAlreadyUsed = "ExtensionAlreadyUsed";
    public const string ExtensionPending = "ExtensionPending";
    public const string NoPendingExtension = "NoPendingExtension";
    public const string ExtensionTooLong = "ExtensionTooLong";
    public const string NothingToReveal = "NothingToReveal";
    public const string AlreadyRepeat = "AlreadyRepeat";
    public const string NotARepeat = "NotARepeat";
    public const string RepeatOfItself = "RepeatOfItself";
    public const string NoRepeatAwaitingDecision = "NoRepeatAwaitingDecision";
    public const string RepeatDecisionIncomplete = "RepeatDecisionIncomplete";
    public const string NoProblemEntry = "NoProblemEntry";
    public const string NoticeNotFound = "NoticeNotFound";
    public const string NoticeAlreadyReplied = "NoticeAlreadyReplied";
    public const string SameUnit = "SameUnit";
    public const string DateBeforeReceipt = "DateBeforeReceipt";
    public const string DateInFuture = "DateInFuture";
    public const string CallbackBeforeResult = "CallbackBeforeResult";
    public const string DeadlineInPast = "DeadlineInPast";
    public const string AlreadyRated = "AlreadyRated";
    public const string RatingNotAnAnswer = "RatingNotAnAnswer";
    public const string DocumentNotIssued = "DocumentNotIssued";
    public const string DeliveryBeforeDocument = "DeliveryBeforeDocument";
    public const string AlreadyUrgent = "AlreadyUrgent";
    public const string NotUrgent = "NotUrgent";
    // 复查 / 复核 (Reviews).
    public const string ReviewWindowClosed = "ReviewWindowClosed";
    public const string ReviewOpen = "ReviewOpen";
    public const string NoOpenReview = "NoOpenReview";
    public const string AlreadyReviewed = "AlreadyReviewed";
    public const string NoOpinionToReview = "NoOpinionToReview";
    public const string MatterFinal = "MatterFinal";
    public const string ReviewNotFound = "ReviewNotFound";
    public const string ReviewAlreadyDecided = "ReviewAlreadyDecided";
    public const string HearingState = "HearingState";
    public const string DateBeforeRequest = "DateBeforeRequest";
    // Imported histories (CaseHistoryReplay).
    public const string HistoryStartsWithRegistration = "HistoryStartsWithRegistration";
    public const string HistoryOutOfOrder = "HistoryOutOfOrder";
    public const string EvidenceTargetNotFound = "EvidenceTargetNotFound";
    public const string EvidenceCaseLimit = "EvidenceCaseLimit";
    // Responsible units (decided by their grain, answered like the case rules).
    public const string UnitExists = "UnitExists";
    public const string UnitNotFound = "UnitNotFound";
}
