using Petitions.Domain.Common;

namespace Petitions.Domain.Cases;

/// <summary>The outcome of deciding a command: the events to apply, or the rule that refuses it.</summary>
public sealed record Decision(IReadOnlyList<CaseEvent> Events, RuleViolation? Violation)
{
    public bool IsRefused => Violation is not null;
    public static Decision Accept(params CaseEvent[] events) => new(events, null);
    public static Decision Refuse(RuleViolation violation) => new([], violation);
    /// <summary>
    /// The case already is as the command asks (registered, linked to that original, that repeat or look-back recorded):
    /// nothing to do, the case keeps its version. Not a retry by idempotency key: the grain answers those without
    /// deciding at all (docs/idempotency.md).
    /// </summary>
    public static readonly Decision AlreadyInEffect = new([], null);
}

/// <summary>
/// The case lifecycle (docs/domain-rules.md): Registered → Assigned → InProgress → ResultSubmitted → Closed, Reopened looping
/// back to InProgress, NotAccepted a terminal exit from Registered. Pure: state + command → events, or a refusal.
/// Longer than most files on purpose: every decision of the lifecycle and the evolve that applies its events stay in one
/// place, so a rule and its effect are read together.
/// </summary>
public static class PetitionRules
{
    /// <summary>Clocks of different silos and clients drift; instants this far ahead of "now" still count as now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static Decision Decide(PetitionCase? state, CaseCommand command, CommandContext ctx)
    {
        ctx = ctx.InUtc();
        if (state is null)
        {
            return command is RegisterCaseCommand register
                ? Register(register, ctx)
                : Decision.Refuse(CaseCommandTable.StateRefusal(null, CaseCommandTable.KindOf(command))!);
        }

        return command switch
        {
            RegisterCaseCommand => Decision.AlreadyInEffect,
            AssignCaseCommand c => Assign(state, c, ctx),
            NotAcceptCaseCommand c => Guard(state, CaseCommandKind.NotAccept) ?? Decision.Accept(new CaseNotAccepted(c.Reason, c.Competent)),
            AcceptCaseCommand => Guard(state, CaseCommandKind.Accept) ?? Decision.Accept(new CaseAccepted(HandlingDue(state, ctx.Now))),
            TransferCaseCommand c => Transfer(state, c, ctx),
            LogSiteVisitCommand c => LogVisit(state, c, ctx),
            SubmitResultCommand c => Submit(state, c),
            LogCallbackCommand c => OnCallback(state, c, ctx),
            CloseCaseCommand c => Close(state, c, ctx),
            ReopenCaseCommand c => Reopen(state, c, ctx),
            RequestExtensionCommand c => OnRequestExtension(state, c),
            ApproveExtensionCommand => OnApproveExtension(state),
            RefuseExtensionCommand c => OnRefuseExtension(state, c),
            IssueSupervisionNoticeCommand c => Supervise(state, c, ctx),
            ReplySupervisionNoticeCommand c => Reply(state, c),
            NameLeaderOwnerCommand c => Guard(state, CaseCommandKind.Leader) ?? Decision.Accept(new LeaderOwnerNamed(c.Name, c.Title)),
            RevealComplainantCommand c => Guard(state, CaseCommandKind.Reveal) ?? Decision.Accept(new ComplainantRevealed(c.Reason.Trim())),
            LinkRepeatCommand c => Link(state, c),
            UnlinkRepeatCommand c => Guard(state, CaseCommandKind.UnlinkRepeat) ?? Decision.Accept(new RepeatUnlinked(state.RepeatOf!, c.Reason)),
            RecordRepeatCommand c => ReceiveRepeat(state, c),
            WithdrawRepeatCommand c => state.Repeats.Contains(c.RepeatCaseNo) ? Decision.Accept(new RepeatWithdrawn(c.RepeatCaseNo)) : Decision.AlreadyInEffect,
            DecideRepeatCommand c => DecideRepeat(state, c, ctx),
            NoteRepeatDecisionCommand c => state.RepeatOf == c.OriginalCaseNo
                && !state.Timeline.Any(e => e.Event is RepeatDecisionNoted n && n.OriginalCaseNo == c.OriginalCaseNo && n.Decision == c.Decision && n.Reason == c.Reason)
                ? Decision.Accept(new RepeatDecisionNoted(c.OriginalCaseNo, c.Decision, c.Reason))
                : Decision.AlreadyInEffect,
            RecordLookBackCommand c => LookBack(state, c, ctx),
            AdjustProblemEntryCommand c => AdjustProblem(state, c, ctx),
            IssueQueryCodeCommand c => Guard(state, CaseCommandKind.IssueQueryCode) ?? Decision.Accept(new QueryCodeIssued(c.CodeHash, c.Reason)),
            RateHandlingCommand c => Rate(state, c, ctx),
            RecordDeliveryCommand c => Deliver(state, c, ctx),
            DivertCaseCommand c => Guard(state, CaseCommandKind.Divert) ?? Decision.Accept(new CaseDiverted(c.Body, c.BodyName, c.Reason, c.Notice)),
            FlagUrgentCommand c => Guard(state, CaseCommandKind.FlagUrgent) ?? Decision.Accept(new UrgentFlagged(c.Kind, c.Reason)),
            ReportUrgentCommand c => ReportUrgent(state, c, ctx),
            AttachEvidenceCommand c => Evidence.EvidenceRules.Decide(state, c),
            RequestReviewCommand c => RequestReview(state, c, ctx),
            ReviewHearingCommand c => Hearing(state, c, ctx),
            DecideReviewCommand c => DecideReview(state, c, ctx),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown case command."),
        };
    }

    /// <summary>Applies the events of one accepted command: one new version, one timeline entry per event.</summary>
    public static PetitionCase Evolve(PetitionCase? state, string caseNo, IReadOnlyList<CaseEvent> events, CommandContext ctx)
    {
        if (events.Count == 0)
        {
            return state ?? throw new ArgumentException("A new case needs its registration event.", nameof(events));
        }

        ctx = ctx.InUtc();
        var version = (state?.Version ?? 0) + 1;
        var timeline = new List<TimelineEntry>(state?.Timeline ?? []);
        foreach (var e in events)
        {
            var entry = new TimelineEntry(timeline.Count + 1, version, ctx.Now, ctx.Actor, e);
            state = Apply(state, caseNo, entry);
            timeline.Add(entry);
        }

        return state! with { Version = version, Timeline = timeline };
    }

    /// <summary>Decides and, when accepted, evolves: the one call a grain makes.</summary>
    public static (PetitionCase? State, Decision Decision) Handle(PetitionCase? state, string caseNo, CaseCommand command, CommandContext ctx)
    {
        var decision = Decide(state, command, ctx);
        return decision.IsRefused || decision.Events.Count == 0
            ? (state, decision)
            : (Evolve(state, caseNo, decision.Events, ctx), decision);
    }

    // ---- decisions -------------------------------------------------------------------------------------------

    private static Decision Register(RegisterCaseCommand c, CommandContext ctx)
    {
        if (c.Assignment?.DueAt is { } assignedDue && assignedDue <= ctx.Now)
            return Decision.Refuse(new(Rules.DeadlineInPast, ViolationKind.Invalid, "The handling deadline must be in the future.", null, "dueAt"));
        var registered = new CaseRegistered(c.Channel, c.ReceivedAt.ToUniversalTime(), c.RoundCode, c.BatchNo, c.ExternalRef,
            c.RoundHandlingDays, c.Complainant, c.RegionCode, c.Address, c.Target, c.SubjectKey, c.Categories, c.Description,
            Deadlines.AcceptanceDue(c.ReceivedAt), c.QueryCodeHash, c.CaseType);
        var events = new List<CaseEvent> { registered };
        if (c.Assignment is { } a) events.Add(new CaseAssigned(a.LeadUnit, Distinct(a.CoUnits, a.LeadUnit), Utc(a.DueAt)));
        // An urgent matter flagged at intake is on the timeline at once, for supervisors to see and report upward.
        if (c.Urgent is { } urgent) events.Add(new UrgentFlagged(urgent.Kind, urgent.Reason));
        return Decision.Accept([.. events]);
    }

    private static Decision Assign(PetitionCase s, AssignCaseCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Assign) is { } refused) return refused;
        if (c.DueAt is { } due && due <= ctx.Now)
            return Invalid(s, Rules.DeadlineInPast, "The handling deadline must be in the future.", "dueAt");
        return Decision.Accept(new CaseAssigned(c.LeadUnit, Distinct(c.CoUnits, c.LeadUnit), Utc(c.DueAt)));
    }

    private static Decision Transfer(PetitionCase s, TransferCaseCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Transfer) is { } refused) return refused;
        if (c.ToUnit == s.EffectiveLeadUnit)
            return Invalid(s, Rules.SameUnit, "The case is already with that unit.", "toUnit");
        return Decision.Accept(new CaseTransferred(s.EffectiveLeadUnit, c.ToUnit, c.Reason, Deadlines.AcceptanceDue(ctx.Now)));
    }

    private static Decision LogVisit(PetitionCase s, LogSiteVisitCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.SiteVisit) is { } refused) return refused;
        if (NotBetweenReceiptAndNow(s, c.VisitedAt, ctx, "visitedAt") is { } invalid) return invalid;
        return Decision.Accept(new SiteVisitLogged(s.SiteVisits.Count + 1, c.VisitedAt.ToUniversalTime(), c.Inspectors, c.Findings));
    }

    private static Decision Submit(PetitionCase s, SubmitResultCommand c)
    {
        if (Guard(s, CaseCommandKind.Result) is { } refused) return refused;
        // A repeat must be investigated on site again, whatever the verdict; any case needs a visit to be "unsubstantiated".
        if (s.SiteVisitRequiredAfter is { } after && !s.SiteVisits.Any(v => v.VisitedAt >= after))
        {
            var rule = c.Verdict == Verdict.Unsubstantiated ? Rules.UnsubstantiatedRequiresSiteVisit : Rules.RepeatRequiresSiteVisit;
            return Decision.Refuse(new(rule, ViolationKind.Conflict,
                $"A repeat complaint must be investigated on site again: log a site visit made after {after:yyyy-MM-dd HH:mm} UTC first.", s.Status, "verdict"));
        }

        if (c.Verdict == Verdict.Unsubstantiated && s.SiteVisits.Count == 0)
        {
            return Decision.Refuse(new(Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict,
                "A case cannot be answered \"unsubstantiated\" without at least one logged site visit.", s.Status, "verdict"));
        }

        return Decision.Accept(new ResultSubmitted(s.Results.Count + 1, c.Verdict, c.Findings, c.Measures, c.Penalties, c.PublicSummary,
            c.Opinion ?? CaseDocuments.OpinionFor(c.Verdict)));
    }

    private static Decision OnCallback(PetitionCase s, LogCallbackCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Callback) is { } refused) return refused;
        if (NotBetweenReceiptAndNow(s, c.CalledAt, ctx, "calledAt") is { } invalid) return invalid;
        // A callback answers a result: one made before the latest result cannot vouch for it.
        if (s.Result is { } latest && c.CalledAt < latest.SubmittedAt - ClockSkew)
            return Invalid(s, Rules.CallbackBeforeResult, "The callback was made before the latest handling result was submitted.", "calledAt");

        var logged = new CallbackLogged(s.Callbacks.Count + 1, c.CalledAt.ToUniversalTime(), c.Method, c.Contact, c.Satisfaction, c.Note);
        return WithDissatisfiedReopen(s, logged, c.Satisfaction, SystemPhrases.CallbackDissatisfied, c.Note, ctx);
    }

    private static Decision Rate(PetitionCase s, RateHandlingCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.RateHandling) is { } refused) return refused;
        if (c.Satisfaction == Satisfaction.Unreachable)
            return Invalid(s, Rules.RatingNotAnAnswer, "A rating is satisfied, basically satisfied or dissatisfied.", "satisfaction");
        var rated = new HandlingRated(s.Results.Count, c.Satisfaction, c.Comment);
        return WithDissatisfiedReopen(s, rated, c.Satisfaction, SystemPhrases.RatingDissatisfied, c.Comment, ctx);
    }

    /// <summary>
    /// The complainant's answer to a result (a callback, or the self-service rating): a dissatisfied one sends the case
    /// back to work, onto the problem list.
    /// </summary>
    private static Decision WithDissatisfiedReopen(PetitionCase s, CaseEvent answer, Satisfaction satisfaction, string label, string? note, CommandContext ctx)
    {
        if (satisfaction != Satisfaction.Dissatisfied) return Decision.Accept(answer);
        return Decision.Accept(answer, AutoReopen(s, ProblemSource.Dissatisfied, SystemPhrases.WithNote(label, note), SystemPhrases.DissatisfiedTarget, ctx));
    }

    /// <summary>A document is delivered once the case has it, at a moment between its issue and now.</summary>
    private static Decision Deliver(PetitionCase s, RecordDeliveryCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.RecordDelivery) is { } refused) return refused;
        if (CaseDocuments.IssuedAt(s, c.Document) is not { } issuedAt)
            return Decision.Refuse(new(Rules.DocumentNotIssued, ViolationKind.Conflict, $"The case has no {c.Document} to deliver (yet).", s.Status, "document"));
        if (c.DeliveredAt < issuedAt - ClockSkew)
            return Invalid(s, Rules.DeliveryBeforeDocument, $"The delivery is dated before the document was issued ({issuedAt:yyyy-MM-dd HH:mm} UTC).", "deliveredAt");
        if (c.DeliveredAt > ctx.Now + ClockSkew) return Invalid(s, Rules.DateInFuture, "The date is in the future.", "deliveredAt");
        var resultNo = c.Document switch
        {
            CaseDocumentKind.HandlingOpinion => s.Results.Count,
            CaseDocumentKind.ReviewOpinion => s.Reviews.Last(r => r.Answer is not null).No,
            _ => 0,
        };
        return Decision.Accept(new DocumentDelivered(s.Deliveries.Count + 1, c.Document, c.Method, c.DeliveredAt.ToUniversalTime(), c.Recipient, resultNo));
    }

    private static Decision Close(PetitionCase s, CloseCaseCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Close) is { } refused) return refused;
        // The table lets a stage closure be closed again: only finally.
        var finalisingStage = s.Status == CaseStatus.Closed;
        if (finalisingStage && c.Kind != ClosureKind.Final) return Decision.Refuse(CaseCommandTable.Conflict(s, "close"));

        if (c.Kind == ClosureKind.Stage && (c.RectificationDueAt is not { } rectificationDue || rectificationDue <= ctx.Now))
            return Invalid(s, Rules.StageClosureRequiresDueDate, "A stage closure needs a rectification due date in the future.", "rectificationDueAt");

        if (!finalisingStage && !CallbackRequirementMet(s))
            return Decision.Refuse(new(Rules.CloseRequiresCallback, ViolationKind.Conflict,
                "A case cannot be closed without a callback: one answered callback, or two unreachable attempts on different days, after the latest result.",
                s.Status));

        var due = s.DueAt;
        var onTime = finalisingStage ? s.Closure!.OnTime : due is null || ctx.Now <= due;
        var closed = new CaseClosed(c.Kind, c.Note, c.Kind == ClosureKind.Stage ? Utc(c.RectificationDueAt) : null, onTime);
        if (c.Kind == ClosureKind.Final) return Decision.Accept(closed);

        // A stage closure keeps the case on the problem list until its rectification is finally closed.
        var entry = s.Problem;
        return Decision.Accept(closed, new ProblemEntryAdjusted(
            ProblemSource.StageClosure,
            entry?.Reason ?? SystemPhrases.StageClosureReason,
            entry?.Target ?? (string.IsNullOrWhiteSpace(c.Note) ? SystemPhrases.StageClosureTarget : c.Note!),
            c.RectificationDueAt!.Value.ToUniversalTime(),
            entry?.ResponsiblePerson ?? ctx.Defaults.ResponsiblePerson));
    }

    /// <summary>One answered callback, or two unreachable attempts on different China calendar days, since the latest result.</summary>
    public static bool CallbackRequirementMet(PetitionCase s)
    {
        var resultNo = s.Results.Count;
        var sinceResult = s.Callbacks.Where(c => c.ResultNo == resultNo).ToList();
        if (sinceResult.Any(c => c.Satisfaction != Satisfaction.Unreachable)) return true;
        return sinceResult.Select(c => ChinaTime.DateOf(c.CalledAt)).Distinct().Count() >= 2;
    }

    private static Decision Reopen(PetitionCase s, ReopenCaseCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Reopen) is { } refused) return refused;
        if (c.DueAt <= ctx.Now) return Invalid(s, Rules.DeadlineInPast, "The new deadline must be in the future.", "dueAt");
        var reopened = new CaseReopened(ProblemSource.Supervisor, c.Reason, c.Target, c.DueAt.ToUniversalTime(), c.ResponsiblePerson);
        // Reopening a closed case that came back is the supervisor's decision on those repeats ("reopen the original").
        return s.CameBackAfterClosing.Count == 0
            ? Decision.Accept(reopened)
            : Decision.Accept(new RepeatDecided(s.CameBackAfterClosing, RepeatDecision.ReopenOriginal, c.Reason), reopened with { Source = ProblemSource.Repeat });
    }

    private static Decision DecideRepeat(PetitionCase s, DecideRepeatCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.DecideRepeat) is { } refused) return refused;
        if (c.Decision == RepeatDecision.NewCaseCarries)
            return Decision.Accept(new RepeatDecided(s.CameBackAfterClosing, RepeatDecision.NewCaseCarries, c.Reason));
        if (c.Target is null) return Invalid(s, Rules.RepeatDecisionIncomplete, "Reopening the original needs a rectification target.", "target");
        if (c.DueAt is null) return Invalid(s, Rules.RepeatDecisionIncomplete, "Reopening the original needs a new deadline.", "dueAt");
        if (c.ResponsiblePerson is null) return Invalid(s, Rules.RepeatDecisionIncomplete, "Reopening the original needs a responsible person.", "responsiblePerson");
        return Reopen(s, new ReopenCaseCommand(c.Reason, c.Target, c.DueAt.Value, c.ResponsiblePerson), ctx);
    }

    private static Decision OnRequestExtension(PetitionCase s, RequestExtensionCommand c)
    {
        if (Refuse(CaseCommandTable.StateRefusal(s, CaseCommandKind.RequestExtension)) is { } refused) return refused;
        if (c.Days is < 1 or > Deadlines.MaxExtensionDays)
            return Invalid(s, Rules.ExtensionTooLong, $"An extension is 1 to {Deadlines.MaxExtensionDays} days.", "days");
        return Refuse(CaseCommandTable.PreconditionRefusal(s, CaseCommandKind.RequestExtension)) ?? Decision.Accept(new ExtensionRequested(c.Days, c.Reason));
    }

    private static Decision OnApproveExtension(PetitionCase s)
    {
        if (Guard(s, CaseCommandKind.ApproveExtension) is { } refused) return refused;
        var days = s.Extension!.Days;
        return Decision.Accept(new ExtensionApproved(days, Deadlines.DaysAfter(s.DueAt ?? s.AcceptanceDueAt, days)));
    }

    private static Decision OnRefuseExtension(PetitionCase s, RefuseExtensionCommand c)
    {
        return Guard(s, CaseCommandKind.RefuseExtension) ?? Decision.Accept(new ExtensionRefused(c.Reason));
    }

    private static Decision Supervise(PetitionCase s, IssueSupervisionNoticeCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.Supervise) is { } refused) return refused;
        if (c.ReplyDueAt is { } due && due <= ctx.Now)
            return Invalid(s, Rules.DeadlineInPast, "The reply deadline must be in the future.", "replyDueAt");
        return Decision.Accept(new SupervisionNoticeIssued(s.SupervisionNotices.Count + 1, c.Note, Utc(c.ReplyDueAt)));
    }

    private static Decision Reply(PetitionCase s, ReplySupervisionNoticeCommand c)
    {
        // The table asks for any open notice; the command names one, so this checks that one (400 for an unknown number).
        var notice = s.SupervisionNotices.FirstOrDefault(n => n.No == c.NoticeNo);
        if (notice is null)
            return Invalid(s, Rules.NoticeNotFound, $"The case has no supervision notice {c.NoticeNo}.", "noticeNo");
        if (notice.Reply is not null)
            return Decision.Refuse(new(Rules.NoticeAlreadyReplied, ViolationKind.Conflict, "The supervision notice has already been answered.", s.Status));
        return Decision.Accept(new SupervisionNoticeReplied(c.NoticeNo, c.Reply));
    }

    private static Decision Link(PetitionCase s, LinkRepeatCommand c)
    {
        if (c.OriginalCaseNo == s.CaseNo)
            return Invalid(s, Rules.RepeatOfItself, "A case cannot repeat itself.", "caseNo");
        if (s.RepeatOf is not null)
        {
            return s.RepeatOf == c.OriginalCaseNo
                ? Decision.AlreadyInEffect
                : Decision.Refuse(new(Rules.AlreadyRepeat, ViolationKind.Conflict, $"The case is already linked as a repeat of {s.RepeatOf}.", s.Status));
        }

        return Decision.Accept(new RepeatLinked(c.OriginalCaseNo, c.Reason, c.Automatic));
    }

    private static Decision ReceiveRepeat(PetitionCase s, RecordRepeatCommand c)
    {
        if (s.Repeats.Contains(c.RepeatCaseNo)) return Decision.AlreadyInEffect;
        // Nothing reopens by itself and no published rate changes by itself: a closed case that came back is marked
        // for a supervisor to decide (DecideRepeat / Reopen).
        var closedBefore = s.Status == CaseStatus.Closed && !(c.LinkedAt is { } linked && s.Closure is { } closure && linked < closure.ClosedAt);
        return Decision.Accept(new RepeatReceived(c.RepeatCaseNo, AfterClosing: closedBefore));
    }

    private static Decision LookBack(PetitionCase s, RecordLookBackCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.RecordLookBack) is { } refused) return refused;
        if (s.LookBacks.Any(l => l.ReviewId == c.ReviewId)) return Decision.AlreadyInEffect;
        var recorded = new LookBackRecorded(c.ReviewId, c.Held, c.Note);
        return c.Held
            ? Decision.Accept(recorded)
            : Decision.Accept(recorded, AutoReopen(s, ProblemSource.LookBack, SystemPhrases.WithNote(SystemPhrases.LookBackFailed, c.Note), SystemPhrases.LookBackTarget, ctx));
    }

    private static Decision AdjustProblem(PetitionCase s, AdjustProblemEntryCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.AdjustProblem) is { } refused) return refused;
        var entry = s.Problem!;
        if (c.DueAt <= ctx.Now) return Invalid(s, Rules.DeadlineInPast, "The deadline must be in the future.", "dueAt");
        return Decision.Accept(new ProblemEntryAdjusted(entry.Source, entry.Reason, c.Target, c.DueAt.ToUniversalTime(), c.ResponsiblePerson));
    }

    private static Decision ReportUrgent(PetitionCase s, ReportUrgentCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.ReportUrgent) is { } refused) return refused;
        if (NotBetweenReceiptAndNow(s, c.ReportedAt, ctx, "reportedAt") is { } invalid) return invalid;
        return Decision.Accept(new UrgentReported(s.Urgent!.Reports.Count + 1, c.Informed, c.ReportedAt.ToUniversalTime(), c.Note));
    }

    /// <summary>A 复查 / 复核 asked within its window (its date between the opinion's delivery and now), one at a time.</summary>
    private static Decision RequestReview(PetitionCase s, RequestReviewCommand c, CommandContext ctx)
    {
        // The status from the table; the window of the level asked for (the table's precondition asks for either).
        if (Refuse(CaseCommandTable.StateRefusal(s, CaseCommandKind.RequestReview)) is { } refused) return refused;
        var (closesAt, refusal) = Reviews.Window(s, c.Level);
        if (refusal is not null) return Decision.Refuse(refusal);
        if (c.RequestedAt > ctx.Now + ClockSkew) return Invalid(s, Rules.DateInFuture, "The date is in the future.", "requestedAt");
        var opened = Deadlines.DaysAfter(closesAt!.Value, -Reviews.WindowDays);
        if (c.RequestedAt < ChinaTime.StartOfDay(ChinaTime.DateOf(opened)))
            return Invalid(s, Rules.DateBeforeRequest, "The request is dated before the written opinion it answers was delivered.", "requestedAt");
        if (c.RequestedAt > closesAt)
        {
            return Decision.Refuse(new(Rules.ReviewWindowClosed, ViolationKind.Conflict,
                $"The window for this {(c.Level == ReviewLevel.Review ? "复查" : "复核")} closed on {Reviews.DateText(closesAt.Value)} (24:00 China time): the request is late.",
                s.Status, "requestedAt", closesAt));
        }

        var resultNo = c.Level == ReviewLevel.Review ? s.Results.Count : Reviews.ReReviewable(s)!.ResultNo;
        return Decision.Accept(new ReviewRequested(s.Reviews.Count + 1, c.Level, c.RequestedAt.ToUniversalTime(), c.Reason, c.ReviewingUnit, resultNo, closesAt.Value));
    }

    /// <summary>A hearing pauses the open review's clock (not already paused) or resumes it (paused), between its request and now.</summary>
    private static Decision Hearing(PetitionCase s, ReviewHearingCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.ReviewHearing) is { } refused) return refused;
        if (OpenReviewNo(s, c.No) is { } wrong) return wrong;
        var review = Reviews.Open(s)!;
        var at = (c.PausedAt ?? c.ResumedAt)!.Value;
        var field = c.PausedAt is not null ? "pausedAt" : "resumedAt";
        if (at > ctx.Now + ClockSkew) return Invalid(s, Rules.DateInFuture, "The date is in the future.", field);
        if (c.PausedAt is { } paused)
        {
            if (review.IsPaused) return Decision.Refuse(new(Rules.HearingState, ViolationKind.Conflict, "A hearing already pauses this review.", s.Status, "pausedAt"));
            var since = review.Hearings.Count > 0 ? review.Hearings[^1].ResumedAt!.Value : review.RequestedAt;
            if (paused < since) return Invalid(s, Rules.DateBeforeRequest, $"The hearing cannot start before {since:yyyy-MM-dd HH:mm} UTC.", "pausedAt");
            return Decision.Accept(new ReviewHearingPaused(c.No, paused.ToUniversalTime()));
        }

        if (!review.IsPaused) return Decision.Refuse(new(Rules.HearingState, ViolationKind.Conflict, "No hearing pauses this review.", s.Status, "resumedAt"));
        if (at < review.Hearings[^1].PausedAt) return Invalid(s, Rules.DateBeforeRequest, "The hearing cannot end before it began.", "resumedAt");
        return Decision.Accept(new ReviewHearingResumed(c.No, at.ToUniversalTime()));
    }

    /// <summary>
    /// The written answer to the open review. Set aside (撤销): the case goes back to its lead unit in progress, with a
    /// new handling period from the decision and the opinion as the instructions (its closing undone like a reopen's).
    /// </summary>
    private static Decision DecideReview(PetitionCase s, DecideReviewCommand c, CommandContext ctx)
    {
        if (Guard(s, CaseCommandKind.DecideReview) is { } refused) return refused;
        if (OpenReviewNo(s, c.No) is { } wrong) return wrong;
        var due = c.Outcome == ReviewOutcome.SetAside ? Deadlines.HandlingDue(ctx.Now, s.RoundHandlingDays) : (DateTimeOffset?)null;
        return Decision.Accept(new ReviewDecided(c.No, c.Outcome, c.Opinion, due));
    }

    private static Decision? OpenReviewNo(PetitionCase s, int no)
    {
        var review = s.Reviews.FirstOrDefault(r => r.No == no);
        if (review is null) return Decision.Refuse(new(Rules.ReviewNotFound, ViolationKind.NotFound, $"The case has no review {no}.", s.Status, "no"));
        return review.IsOpen ? null : Decision.Refuse(new(Rules.ReviewAlreadyDecided, ViolationKind.Conflict, $"Review {no} has been answered.", s.Status));
    }

    private static CaseReopened AutoReopen(PetitionCase s, ProblemSource source, string reason, string target, CommandContext ctx) =>
        new(source, reason, target, Deadlines.DaysAfter(ctx.Now, ctx.Defaults.RectificationDays), ctx.Defaults.ResponsiblePerson);

    // ---- guards ----------------------------------------------------------------------------------------------

    /// <summary>The command table's refusal (the status, then what the command needs to act on), or null.</summary>
    private static Decision? Guard(PetitionCase s, CaseCommandKind kind) => Refuse(CaseCommandTable.Refusal(s, kind));

    private static Decision? Refuse(RuleViolation? violation) => violation is null ? null : Decision.Refuse(violation);

    private static Decision Invalid(PetitionCase s, string rule, string message, string field) =>
        Decision.Refuse(new(rule, ViolationKind.Invalid, message, s.Status, field));

    private static Decision? NotBetweenReceiptAndNow(PetitionCase s, DateTimeOffset when, CommandContext ctx, string field)
    {
        if (when < s.ReceivedAt) return Invalid(s, Rules.DateBeforeReceipt, "The date is before the complaint was received.", field);
        if (when > ctx.Now + ClockSkew) return Invalid(s, Rules.DateInFuture, "The date is in the future.", field);
        return null;
    }

    private static DateTimeOffset HandlingDue(PetitionCase s, DateTimeOffset acceptedAt)
    {
        var due = Deadlines.HandlingDue(acceptedAt, s.RoundHandlingDays);
        return s.AssignedDueAt is { } assigned && assigned < due ? assigned : due;
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> coUnits, string lead) =>
        coUnits.Where(u => u != lead).Distinct().ToList();

    // ---- evolution -------------------------------------------------------------------------------------------

    private static PetitionCase Apply(PetitionCase? s, string caseNo, TimelineEntry entry)
    {
        var at = entry.At;
        var by = entry.Actor.Id;
        if (s is null)
        {
            if (entry.Event is not CaseRegistered r)
                throw new InvalidOperationException("A case begins with its registration.");
            return new PetitionCase
            {
                CaseNo = caseNo,
                Status = CaseStatus.Registered,
                Channel = r.Channel,
                ReceivedAt = r.ReceivedAt,
                RegisteredAt = at,
                RegisteredBy = by,
                RoundCode = r.RoundCode,
                BatchNo = r.BatchNo,
                ExternalRef = r.ExternalRef,
                RoundHandlingDays = r.RoundHandlingDays,
                Complainant = r.Complainant,
                RegionCode = r.RegionCode,
                Address = r.Address,
                Target = r.Target,
                SubjectKey = r.SubjectKey,
                Categories = r.Categories,
                Description = r.Description,
                AcceptanceDueAt = r.AcceptanceDueAt,
                DueAt = r.AcceptanceDueAt,
                QueryCodeHash = r.QueryCodeHash,
                Type = r.CaseType,
            };
        }

        return entry.Event switch
        {
            CaseAssigned e => s with { Status = CaseStatus.Assigned, LeadUnit = e.LeadUnit, CoUnits = e.CoUnits, AssignedDueAt = e.DueAt },
            CaseNotAccepted e => s with { Status = CaseStatus.NotAccepted, NotAcceptedReason = e.Reason, NotAcceptedCompetentBody = e.Competent, DueAt = null },
            CaseAccepted e => s with { Status = CaseStatus.InProgress, AcceptedAt = at, HandlingDueAt = e.HandlingDueAt, DueAt = e.HandlingDueAt },
            CaseTransferred e => s with
            {
                Status = CaseStatus.Assigned,
                LeadUnit = e.ToUnit,
                CoUnits = s.CoUnits.Where(u => u != e.ToUnit).ToList(),
                AcceptanceDueAt = e.AcceptanceDueAt,
                DueAt = e.AcceptanceDueAt,
                AcceptedAt = null,
                HandlingDueAt = null,
                // A case gets one extension in its life; only a request still waiting lapses with the transfer.
                Extension = s.Extension is { Status: ExtensionStatus.Pending } ? null : s.Extension,
            },
            SiteVisitLogged e => s with { SiteVisits = [.. s.SiteVisits, new SiteVisit(e.No, e.VisitedAt, e.Inspectors, e.Findings, at, by)] },
            ResultSubmitted e => s with
            {
                Status = CaseStatus.ResultSubmitted,
                Results = [.. s.Results, new HandlingResult(e.No, e.Verdict, e.Findings, e.Measures, e.Penalties, e.PublicSummary, at, by, e.Opinion)],
            },
            CallbackLogged e => s with
            {
                Callbacks = [.. s.Callbacks, new Callback(e.No, e.CalledAt, e.Method, e.Contact, e.Satisfaction, e.Note, s.Results.Count, at, by)],
            },
            CaseClosed e => s with
            {
                Status = CaseStatus.Closed,
                Closure = new Closure(e.Kind, e.Note, e.RectificationDueAt, at, s.Status == CaseStatus.Closed ? s.Closure?.DueAt : s.DueAt, e.OnTime, by),
                Problem = e.Kind == ClosureKind.Final ? null : s.Problem,
            },
            CaseReopened e => s with
            {
                Status = CaseStatus.InProgress,
                Problem = new ProblemListEntry(e.Source, e.Reason, e.Target, e.DueAt, e.ResponsiblePerson, at),
                DueAt = e.DueAt,
                ReopenCount = s.ReopenCount + 1,
                SiteVisitRequiredAfter = e.Source == ProblemSource.Repeat ? at : s.SiteVisitRequiredAfter,
            },
            ProblemEntryAdjusted e => s with
            {
                Problem = new ProblemListEntry(e.Source, e.Reason, e.Target, e.DueAt, e.ResponsiblePerson, s.Problem?.OpenedAt ?? at),
                DueAt = s.IsOpen ? e.DueAt : s.DueAt,
            },
            ExtensionRequested e => s with { Extension = new Extension(e.Days, e.Reason, ExtensionStatus.Pending, at, by, null, null, null) },
            ExtensionApproved e => s with
            {
                Extension = s.Extension! with { Status = ExtensionStatus.Approved, DecidedAt = at, DecidedBy = by },
                HandlingDueAt = s.Problem is null ? e.NewDueAt : s.HandlingDueAt,
                Problem = s.Problem is { } p ? p with { DueAt = e.NewDueAt } : null,
                DueAt = e.NewDueAt,
            },
            ExtensionRefused e => s with { Extension = s.Extension! with { Status = ExtensionStatus.Refused, DecidedAt = at, DecidedBy = by, DecisionNote = e.Reason } },
            SupervisionNoticeIssued e => s with { SupervisionNotices = [.. s.SupervisionNotices, new SupervisionNotice(e.No, e.Note, e.ReplyDueAt, at, by, null, null, null)] },
            SupervisionNoticeReplied e => s with
            {
                SupervisionNotices = s.SupervisionNotices.Select(n => n.No == e.No ? n with { Reply = e.Reply, RepliedAt = at, RepliedBy = by } : n).ToList(),
            },
            LeaderOwnerNamed e => s with { Leader = new LeaderOwner(e.Name, e.Title, at, by) },
            ComplainantRevealed => s,
            RepeatLinked e => s with
            {
                RepeatOf = e.OriginalCaseNo,
                RepeatLinkedAt = at,
                SiteVisitRequiredAfter = s.SiteVisitRequiredAfter is { } earlier && earlier > at ? earlier : at,
            },
            RepeatUnlinked => s with { RepeatOf = null, RepeatLinkedAt = null, AutoLinkDeclined = true },
            RepeatReceived e => s with
            {
                Repeats = [.. s.Repeats, e.RepeatCaseNo],
                CameBackAfterClosing = e.AfterClosing ? [.. s.CameBackAfterClosing, e.RepeatCaseNo] : s.CameBackAfterClosing,
                SiteVisitRequiredAfter = s.IsOpen || s.Status == CaseStatus.Closed ? at : s.SiteVisitRequiredAfter,
            },
            RepeatWithdrawn e => s with
            {
                Repeats = s.Repeats.Where(r => r != e.RepeatCaseNo).ToList(),
                CameBackAfterClosing = s.CameBackAfterClosing.Where(r => r != e.RepeatCaseNo).ToList(),
            },
            RepeatDecided e => s with
            {
                CameBackAfterClosing = s.CameBackAfterClosing.Where(r => !e.RepeatCaseNos.Contains(r)).ToList(),
                RepeatDecision = e.Decision,
            },
            RepeatDecisionNoted e => s with { RepeatDecision = e.Decision },
            QueryCodeIssued e => s with { QueryCodeHash = e.CodeHash },
            HandlingRated e => s with { Rating = new Rating(e.ResultNo, e.Satisfaction, e.Comment, at) },
            DocumentDelivered e => s with { Deliveries = [.. s.Deliveries, new Delivery(e.No, e.Document, e.Method, e.DeliveredAt, e.Recipient, e.ResultNo, at, by)] },
            CaseDiverted e => s with
            {
                Status = CaseStatus.Diverted,
                Diversion = new Diversion(e.Body, e.BodyName, e.Reason, e.Notice, at, by),
                DueAt = null,
                // Nothing is left to rectify here: the receiving body handles the matter.
                Problem = null,
                Extension = s.Extension is { Status: ExtensionStatus.Pending } ? null : s.Extension,
            },
            UrgentFlagged e => s with { Urgent = new UrgentMatter(e.Kind, e.Reason, at, by, []) },
            UrgentReported e => s with
            {
                Urgent = s.Urgent! with { Reports = [.. s.Urgent.Reports, new UrgentReport(e.No, e.Informed, e.ReportedAt, e.Note, at, by)] },
            },
            LookBackRecorded e => s with { LookBacks = [.. s.LookBacks, new LookBackReview(e.ReviewId, e.Held, e.Note, at, by)] },
            HistoryImported => s,
            ReviewRequested e => s with
            {
                Reviews = [.. s.Reviews, new CaseReview(e.No, e.Level, e.RequestedAt, e.Reason, e.ReviewingUnit, e.ResultNo, e.WindowClosesAt, [], null, at, by)],
            },
            ReviewHearingPaused e => WithReview(s, e.No, r => r with { Hearings = [.. r.Hearings, new ReviewHearing(e.PausedAt, null)] }),
            ReviewHearingResumed e => WithReview(s, e.No, r => r with { Hearings = [.. r.Hearings.SkipLast(1), r.Hearings[^1] with { ResumedAt = e.ResumedAt }] }),
            ReviewDecided e => WithReview(s, e.No, r => r with
            {
                // An open hearing ends with the answer.
                Hearings = r.IsPaused ? [.. r.Hearings.SkipLast(1), r.Hearings[^1] with { ResumedAt = at }] : r.Hearings,
                Answer = new ReviewAnswer(e.Outcome, e.Opinion, at, by),
            }) is var reviewed && e.Outcome == ReviewOutcome.SetAside
                ? reviewed with { Status = CaseStatus.InProgress, HandlingDueAt = e.HandlingDueAt, DueAt = e.HandlingDueAt, ReopenCount = s.ReopenCount + 1 }
                : reviewed,
            EvidenceAttached e => s with { Attachments = [.. s.Attachments, new Evidence.Attachment(e.Id, e.Name, e.Size, e.Sha256, e.ContentType, e.AttachTo, at, by)] },
            CaseRegistered => throw new InvalidOperationException("A case is registered once."),
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Event.GetType().Name, "Unknown case event."),
        };
    }

    private static PetitionCase WithReview(PetitionCase s, int no, Func<CaseReview, CaseReview> change) =>
        s with { Reviews = s.Reviews.Select(r => r.No == no ? change(r) : r).ToList() };

    private static DateTimeOffset? Utc(DateTimeOffset? instant) => instant?.ToUniversalTime();
}
