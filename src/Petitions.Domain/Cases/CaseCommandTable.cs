namespace Petitions.Domain.Cases;

/// <summary>
/// The kinds of <see cref="CaseCommand"/>: the names under which a command is allowed (here, by case state), authorized
/// (by the Application's request declarations) and offered (by the user interface).
/// </summary>
public enum CaseCommandKind
{
    Register, Assign, NotAccept, Accept, Transfer, SiteVisit, Result, Callback, RequestExtension, ApproveExtension,
    RefuseExtension, Close, Reopen, Supervise, ReplyNotice, Leader, AdjustProblem, LinkRepeat, UnlinkRepeat, Reveal,
    RecordRepeat, WithdrawRepeat, RecordLookBack, DecideRepeat, NoteRepeatDecision, IssueQueryCode, RateHandling,
    RecordDelivery,
    Divert, FlagUrgent, ReportUrgent,
    AttachEvidence,
    RequestReview, ReviewHearing, DecideReview,
}

/// <summary>
/// Which commands apply in which case state: the one table <see cref="PetitionRules.Decide"/> guards with and that
/// "what may this user do now" is derived from. A command that applies may still be refused for its data or for a
/// rule of its own (closing without a callback, an unsubstantiated verdict without a site visit).
/// </summary>
public static class CaseCommandTable
{
    private sealed record Entry(string Verb, Func<PetitionCase, bool> InState, Func<PetitionCase, RuleViolation?>? Precondition = null);

    private static bool Any(PetitionCase _) => true;

    private static Func<PetitionCase, bool> In(params CaseStatus[] statuses) => s => statuses.Contains(s.Status);

    private static readonly IReadOnlyDictionary<CaseCommandKind, Entry> Entries = new Dictionary<CaseCommandKind, Entry>
    {
        // An existing case is not registered again (a repeated registration changes nothing).
        [CaseCommandKind.Register] = new("register", _ => false),
        [CaseCommandKind.Assign] = new("assign", In(CaseStatus.Registered)),
        [CaseCommandKind.NotAccept] = new("not-accept", In(CaseStatus.Registered)),
        [CaseCommandKind.Accept] = new("accept", In(CaseStatus.Assigned)),
        [CaseCommandKind.Transfer] = new("transfer", In(CaseStatus.Assigned, CaseStatus.InProgress)),
        [CaseCommandKind.SiteVisit] = new("log a site visit for", In(CaseStatus.InProgress, CaseStatus.ResultSubmitted)),
        [CaseCommandKind.Result] = new("submit a result for", In(CaseStatus.InProgress)),
        [CaseCommandKind.Callback] = new("log a callback for", In(CaseStatus.ResultSubmitted, CaseStatus.Closed)),
        // A stage closure is finalised by closing again.
        [CaseCommandKind.Close] = new("close", s => s.Status == CaseStatus.ResultSubmitted || s.Status == CaseStatus.Closed && s.Closure?.Kind == ClosureKind.Stage),
        [CaseCommandKind.Reopen] = new("reopen", In(CaseStatus.ResultSubmitted, CaseStatus.Closed)),
        [CaseCommandKind.RequestExtension] = new("request an extension for", In(CaseStatus.InProgress), s => s.Extension?.Status switch
        {
            ExtensionStatus.Approved => Refusal(s, Rules.ExtensionAlreadyUsed, "A case gets at most one extension."),
            ExtensionStatus.Pending => Refusal(s, Rules.ExtensionPending, "An extension request is already waiting for a supervisor."),
            _ => null,
        }),
        [CaseCommandKind.ApproveExtension] = new("approve an extension for", In(CaseStatus.InProgress, CaseStatus.ResultSubmitted), PendingExtension),
        [CaseCommandKind.RefuseExtension] = new("refuse an extension for", In(CaseStatus.InProgress, CaseStatus.ResultSubmitted), PendingExtension),
        [CaseCommandKind.Supervise] = new("issue a supervision notice for", s => s.Status is not (CaseStatus.NotAccepted or CaseStatus.Diverted) && !s.IsFinallyClosed),
        // Which notice is answered is the command's data: the decision checks that one; the table asks for any open one.
        [CaseCommandKind.ReplyNotice] = new("reply to a supervision notice for", Any, s =>
            s.SupervisionNotices.Count == 0 ? new(Rules.NoticeNotFound, ViolationKind.Invalid, "The case has no supervision notice.", s.Status, "noticeNo")
            : s.SupervisionNotices.All(n => n.Reply is not null) ? Refusal(s, Rules.NoticeAlreadyReplied, "Every supervision notice has been answered.")
            : null),
        [CaseCommandKind.Leader] = new("name a leader owner for", s => s.Status is not (CaseStatus.NotAccepted or CaseStatus.Diverted)),
        [CaseCommandKind.Reveal] = new("reveal the complainant of", Any, s => s.Complainant is { HasIdentity: true }
            ? null
            : Refusal(s, Rules.NothingToReveal, "The complaint is anonymous: there is nothing to reveal.")),
        [CaseCommandKind.LinkRepeat] = new("link as a repeat", Any, s => s.RepeatOf is null
            ? null
            : Refusal(s, Rules.AlreadyRepeat, $"The case is already linked as a repeat of {s.RepeatOf}.")),
        [CaseCommandKind.UnlinkRepeat] = new("unlink as a repeat", Any, s => s.RepeatOf is not null
            ? null
            : Refusal(s, Rules.NotARepeat, "The case is not linked as a repeat.")),
        [CaseCommandKind.RecordRepeat] = new("record a repeat of", Any),
        [CaseCommandKind.WithdrawRepeat] = new("withdraw a repeat of", Any),
        [CaseCommandKind.RecordLookBack] = new("record a look-back review for", In(CaseStatus.Closed)),
        // Only a closed case that came back as a repeat waits for a supervisor's decision (办结后重复举报).
        [CaseCommandKind.DecideRepeat] = new("decide on the repeats of", Any, s => s.CameBackAfterClosing.Count > 0
            ? null
            : Refusal(s, Rules.NoRepeatAwaitingDecision, "No repeat of this case is waiting for a decision (only a closed case that came back needs one).")),
        [CaseCommandKind.NoteRepeatDecision] = new("note a repeat decision for", Any),
        // A not-accepted complainant may look the refusal up too: a code can be (re)issued in every state.
        [CaseCommandKind.IssueQueryCode] = new("issue a query code for", Any),
        // The complainant rates a result once per case (like a callback, it answers the result in force).
        [CaseCommandKind.RateHandling] = new("rate the handling of", In(CaseStatus.ResultSubmitted, CaseStatus.Closed), s => s.Rating is null
            ? null
            : Refusal(s, Rules.AlreadyRated, "The complainant has already rated this case.")),
        // A delivery applies in every state; whether the case has that document yet is the command's data (409 otherwise).
        [CaseCommandKind.RecordDelivery] = new("record a delivery for", Any),
        [CaseCommandKind.AdjustProblem] = new("adjust the problem entry of", Any, s => s.Problem is not null
            ? null
            : Refusal(s, Rules.NoProblemEntry, "The case is not on the problem list.")),
        // Diversion (转送, 信访工作条例 Art. 28–31) is decided while the matter is triaged or handled, before the unit
        // answers it on the merits: after a result the way on is review (复查), not another body. Diverted is terminal.
        [CaseCommandKind.Divert] = new("divert", In(CaseStatus.Registered, CaseStatus.Assigned, CaseStatus.InProgress)),
        // An open case can be flagged urgent once; its upward reports are recorded whatever the state (a late report still counts).
        [CaseCommandKind.FlagUrgent] = new("flag as urgent", s => s.IsOpen, s => s.Urgent is null
            ? null
            : Refusal(s, Rules.AlreadyUrgent, "The case is already flagged as an urgent matter.")),
        [CaseCommandKind.ReportUrgent] = new("record an urgent report for", Any, s => s.Urgent is not null
            ? null
            : Refusal(s, Rules.NotUrgent, "The case is not flagged as an urgent matter.")),
        // Evidence (附件) in every state: a scanned letter of a declined complaint, a photo after closing; the step it
        // documents and who may attach to it are the command's data and the Application's check.
        [CaseCommandKind.AttachEvidence] = new("attach a file to", Any),
        // 复查 / 复核 (信访工作条例 Art. 35–36) answer a delivered written opinion: the case has a result in force (a
        // set-aside sends it back to work, and its next opinion opens a new 复查). Which window, and whether it is still
        // open, is the command's data (its date) and the case's reviews: Reviews.Window.
        // The table asks whether either level has a window (so the action is offered only then); the decision checks the
        // level the command names.
        [CaseCommandKind.RequestReview] = new("request a review of", In(CaseStatus.ResultSubmitted, CaseStatus.Closed), s =>
            Reviews.Window(s, ReviewLevel.Review).Refusal is not { } review ? null
            : Reviews.Window(s, ReviewLevel.ReReview).Refusal is not { } reReview ? null
            : Reviews.ReReviewable(s) is not null ? reReview : review),
        // A hearing and the answer concern the open review, whatever became of the case meanwhile.
        [CaseCommandKind.ReviewHearing] = new("record a review hearing for", Any, OpenReview),
        [CaseCommandKind.DecideReview] = new("decide a review of", Any, OpenReview),
    };

    /// <summary>Every kind, each with its entry (checked when the type loads: a kind without an entry fails at once).</summary>
    public static readonly IReadOnlyList<CaseCommandKind> Kinds = Enum.GetValues<CaseCommandKind>()
        .Select(k => Entries.ContainsKey(k) ? k : throw new InvalidOperationException($"{k} has no entry in the command table."))
        .ToList();

    /// <summary>The kind of a command.</summary>
    public static CaseCommandKind KindOf(CaseCommand command) => command switch
    {
        RegisterCaseCommand => CaseCommandKind.Register,
        AssignCaseCommand => CaseCommandKind.Assign,
        NotAcceptCaseCommand => CaseCommandKind.NotAccept,
        AcceptCaseCommand => CaseCommandKind.Accept,
        TransferCaseCommand => CaseCommandKind.Transfer,
        LogSiteVisitCommand => CaseCommandKind.SiteVisit,
        SubmitResultCommand => CaseCommandKind.Result,
        LogCallbackCommand => CaseCommandKind.Callback,
        CloseCaseCommand => CaseCommandKind.Close,
        ReopenCaseCommand => CaseCommandKind.Reopen,
        RequestExtensionCommand => CaseCommandKind.RequestExtension,
        ApproveExtensionCommand => CaseCommandKind.ApproveExtension,
        RefuseExtensionCommand => CaseCommandKind.RefuseExtension,
        IssueSupervisionNoticeCommand => CaseCommandKind.Supervise,
        ReplySupervisionNoticeCommand => CaseCommandKind.ReplyNotice,
        NameLeaderOwnerCommand => CaseCommandKind.Leader,
        RevealComplainantCommand => CaseCommandKind.Reveal,
        LinkRepeatCommand => CaseCommandKind.LinkRepeat,
        UnlinkRepeatCommand => CaseCommandKind.UnlinkRepeat,
        RecordRepeatCommand => CaseCommandKind.RecordRepeat,
        WithdrawRepeatCommand => CaseCommandKind.WithdrawRepeat,
        RecordLookBackCommand => CaseCommandKind.RecordLookBack,
        AdjustProblemEntryCommand => CaseCommandKind.AdjustProblem,
        DecideRepeatCommand => CaseCommandKind.DecideRepeat,
        NoteRepeatDecisionCommand => CaseCommandKind.NoteRepeatDecision,
        IssueQueryCodeCommand => CaseCommandKind.IssueQueryCode,
        RateHandlingCommand => CaseCommandKind.RateHandling,
        RecordDeliveryCommand => CaseCommandKind.RecordDelivery,
        DivertCaseCommand => CaseCommandKind.Divert,
        FlagUrgentCommand => CaseCommandKind.FlagUrgent,
        ReportUrgentCommand => CaseCommandKind.ReportUrgent,
        AttachEvidenceCommand => CaseCommandKind.AttachEvidence,
        RequestReviewCommand => CaseCommandKind.RequestReview,
        ReviewHearingCommand => CaseCommandKind.ReviewHearing,
        DecideReviewCommand => CaseCommandKind.DecideReview,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown case command."),
    };

    /// <summary>Why a command of this kind does not apply to the case's status (409), or null when it does.</summary>
    public static RuleViolation? StateRefusal(PetitionCase? state, CaseCommandKind kind)
    {
        if (state is null)
        {
            return kind == CaseCommandKind.Register ? null : new(Rules.CaseNotFound, ViolationKind.NotFound, "The case does not exist.");
        }

        var entry = Entries[kind];
        return entry.InState(state) ? null : Conflict(state, entry.Verb);
    }

    /// <summary>Why a command of this kind has nothing to act on in this state (no pending extension…), or null.</summary>
    public static RuleViolation? PreconditionRefusal(PetitionCase state, CaseCommandKind kind) => Entries[kind].Precondition?.Invoke(state);

    /// <summary>The state refusal, then the precondition's.</summary>
    public static RuleViolation? Refusal(PetitionCase? state, CaseCommandKind kind) =>
        StateRefusal(state, kind) ?? (state is null ? null : PreconditionRefusal(state, kind));

    public static bool Applies(PetitionCase? state, CaseCommandKind kind) => Refusal(state, kind) is null;

    /// <summary>The refusal of a command that does not apply to a case in this state ("Cannot close a case that is Closed (Final)").</summary>
    public static RuleViolation Conflict(PetitionCase s, string verb) =>
        new(Rules.TransitionNotAllowed, ViolationKind.Conflict, $"Cannot {verb} a case that is {Describe(s)}.", s.Status);

    private static RuleViolation? PendingExtension(PetitionCase s) => s.Extension is { Status: ExtensionStatus.Pending }
        ? null
        : Refusal(s, Rules.NoPendingExtension, "There is no pending extension request.");

    private static RuleViolation? OpenReview(PetitionCase s) => Reviews.Open(s) is not null
        ? null
        : Refusal(s, Rules.NoOpenReview, "The case has no review waiting for its answer.");

    private static RuleViolation Refusal(PetitionCase s, string rule, string message) => new(rule, ViolationKind.Conflict, message, s.Status);

    private static string Describe(PetitionCase s) =>
        s.Status == CaseStatus.Closed && s.Closure is { } closure ? $"Closed ({closure.Kind})" : s.Status.ToString();
}
