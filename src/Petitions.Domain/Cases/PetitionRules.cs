using Petitions.Domain.Common;

namespace Petitions.Domain.Cases;

/// <summary>The outcome of deciding a command: the events to apply, or the rule that refuses it.</summary>
public sealed record Decision(IReadOnlyList<CaseEvent> Events, RuleViolation? Violation)
{
    public bool IsRefused => Violation is not null;
    public static Decision Accept(params CaseEvent[] events) => new(events, null);
    public static Decision Refuse(RuleViolation violation) => new([], violation);
    /// <summary>Nothing to do (an idempotent repetition); the case keeps its version.</summary>
    public static readonly Decision Unchanged = new([], null);
}

/// <summary>
/// The case lifecycle (DESIGN.md): Registered → Assigned → InProgress → ResultSubmitted → Closed, Reopened looping
/// back to InProgress, NotAccepted a terminal exit from Registered. Pure: state + command → events, or a refusal.
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
                : Decision.Refuse(new(Rules.CaseNotFound, ViolationKind.NotFound, "The case does not exist."));
        }

        return command switch
        {
            RegisterCaseCommand => Decision.Unchanged,
            AssignCaseCommand c => Assign(state, c, ctx),
            NotAcceptCaseCommand c => In(state, "not-accept", CaseStatus.Registered) ?? Decision.Accept(new CaseNotAccepted(c.Reason)),
            AcceptCaseCommand => In(state, "accept", CaseStatus.Assigned)
                          ?? Decision.Accept(new CaseAccepted(HandlingDue(state, ctx.Now))),
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
            NameLeaderOwnerCommand c => NotIn(state, "name a leader owner for", CaseStatus.NotAccepted)
                                 ?? Decision.Accept(new LeaderOwnerNamed(c.Name, c.Title)),
            RevealComplainantCommand c => state.Complainant is { HasIdentity: true }
                ? Decision.Accept(new ComplainantRevealed(c.Reason.Trim()))
                : Decision.Refuse(new(Rules.NothingToReveal, ViolationKind.Conflict, "The complaint is anonymous: there is nothing to reveal.", state.Status)),
            LinkRepeatCommand c => Link(state, c),
            UnlinkRepeatCommand c => state.RepeatOf is { } original
                ? Decision.Accept(new RepeatUnlinked(original, c.Reason))
                : Decision.Refuse(new(Rules.NotARepeat, ViolationKind.Conflict, "The case is not linked as a repeat.", state.Status)),
            RecordRepeatCommand c => ReceiveRepeat(state, c, ctx),
            WithdrawRepeatCommand c => state.Repeats.Contains(c.RepeatCaseNo) ? Decision.Accept(new RepeatWithdrawn(c.RepeatCaseNo)) : Decision.Unchanged,
            RecordLookBackCommand c => LookBack(state, c, ctx),
            AdjustProblemEntryCommand c => AdjustProblem(state, c, ctx),
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
            Deadlines.AcceptanceDue(c.ReceivedAt));
        return c.Assignment is { } a
            ? Decision.Accept(registered, new CaseAssigned(a.LeadUnit, Distinct(a.CoUnits, a.LeadUnit), Utc(a.DueAt)))
            : Decision.Accept(registered);
    }

    private static Decision Assign(PetitionCase s, AssignCaseCommand c, CommandContext ctx)
    {
        if (In(s, "assign", CaseStatus.Registered) is { } refused) return refused;
        if (c.DueAt is { } due && due <= ctx.Now)
            return Invalid(s, Rules.DeadlineInPast, "The handling deadline must be in the future.", "dueAt");
        return Decision.Accept(new CaseAssigned(c.LeadUnit, Distinct(c.CoUnits, c.LeadUnit), Utc(c.DueAt)));
    }

    private static Decision Transfer(PetitionCase s, TransferCaseCommand c, CommandContext ctx)
    {
        if (In(s, "transfer", CaseStatus.Assigned, CaseStatus.InProgress) is { } refused) return refused;
        if (c.ToUnit == s.EffectiveLeadUnit)
            return Invalid(s, Rules.SameUnit, "The case is already with that unit.", "toUnit");
        return Decision.Accept(new CaseTransferred(s.EffectiveLeadUnit, c.ToUnit, c.Reason, Deadlines.AcceptanceDue(ctx.Now)));
    }

    private static Decision LogVisit(PetitionCase s, LogSiteVisitCommand c, CommandContext ctx)
    {
        if (In(s, "log a site visit for", CaseStatus.InProgress, CaseStatus.ResultSubmitted) is { } refused) return refused;
        if (NotBetweenReceiptAndNow(s, c.VisitedAt, ctx, "visitedAt") is { } invalid) return invalid;
        return Decision.Accept(new SiteVisitLogged(s.SiteVisits.Count + 1, c.VisitedAt.ToUniversalTime(), c.Inspectors, c.Findings));
    }

    private static Decision Submit(PetitionCase s, SubmitResultCommand c)
    {
        if (In(s, "submit a result for", CaseStatus.InProgress) is { } refused) return refused;
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

        return Decision.Accept(new ResultSubmitted(s.Results.Count + 1, c.Verdict, c.Findings, c.Measures, c.Penalties, c.PublicSummary));
    }

    private static Decision OnCallback(PetitionCase s, LogCallbackCommand c, CommandContext ctx)
    {
        if (In(s, "log a callback for", CaseStatus.ResultSubmitted, CaseStatus.Closed) is { } refused) return refused;
        if (NotBetweenReceiptAndNow(s, c.CalledAt, ctx, "calledAt") is { } invalid) return invalid;
        // A callback answers a result: one made before the latest result cannot vouch for it.
        if (s.Result is { } latest && c.CalledAt < latest.SubmittedAt - ClockSkew)
            return Invalid(s, Rules.CallbackBeforeResult, "The callback was made before the latest handling result was submitted.", "calledAt");

        var logged = new CallbackLogged(s.Callbacks.Count + 1, c.CalledAt.ToUniversalTime(), c.Method, c.Contact, c.Satisfaction, c.Note);
        if (c.Satisfaction != Satisfaction.Dissatisfied) return Decision.Accept(logged);

        // A dissatisfied callback sends the case back to work, onto the problem list.
        var reason = string.IsNullOrWhiteSpace(c.Note) ? "回访不满意" : $"回访不满意：{c.Note}";
        return Decision.Accept(logged, AutoReopen(s, ProblemSource.Dissatisfied, reason, "针对群众不满意事项重新核查整改，并再次回访", ctx));
    }

    private static Decision Close(PetitionCase s, CloseCaseCommand c, CommandContext ctx)
    {
        var finalisingStage = s.Status == CaseStatus.Closed && s.Closure?.Kind == ClosureKind.Stage && c.Kind == ClosureKind.Final;
        if (!finalisingStage && In(s, "close", CaseStatus.ResultSubmitted) is { } refused) return refused;

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
            entry?.Reason ?? "阶段性办结，整改持续推进",
            entry?.Target ?? (string.IsNullOrWhiteSpace(c.Note) ? "按期完成整改并验收销号" : c.Note!),
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
        if (In(s, "reopen", CaseStatus.ResultSubmitted, CaseStatus.Closed) is { } refused) return refused;
        if (c.DueAt <= ctx.Now) return Invalid(s, Rules.DeadlineInPast, "The new deadline must be in the future.", "dueAt");
        return Decision.Accept(new CaseReopened(ProblemSource.Supervisor, c.Reason, c.Target, c.DueAt.ToUniversalTime(), c.ResponsiblePerson));
    }

    private static Decision OnRequestExtension(PetitionCase s, RequestExtensionCommand c)
    {
        if (In(s, "request an extension for", CaseStatus.InProgress) is { } refused) return refused;
        if (c.Days is < 1 or > Deadlines.MaxExtensionDays)
            return Invalid(s, Rules.ExtensionTooLong, $"An extension is 1 to {Deadlines.MaxExtensionDays} days.", "days");
        return s.Extension?.Status switch
        {
            ExtensionStatus.Approved => Decision.Refuse(new(Rules.ExtensionAlreadyUsed, ViolationKind.Conflict, "A case gets at most one extension.", s.Status)),
            ExtensionStatus.Pending => Decision.Refuse(new(Rules.ExtensionPending, ViolationKind.Conflict, "An extension request is already waiting for a supervisor.", s.Status)),
            _ => Decision.Accept(new ExtensionRequested(c.Days, c.Reason)),
        };
    }

    private static Decision OnApproveExtension(PetitionCase s)
    {
        if (In(s, "approve an extension for", CaseStatus.InProgress, CaseStatus.ResultSubmitted) is { } refused) return refused;
        if (s.Extension is not { Status: ExtensionStatus.Pending } pending)
            return Decision.Refuse(new(Rules.NoPendingExtension, ViolationKind.Conflict, "There is no pending extension request.", s.Status));
        return Decision.Accept(new ExtensionApproved(pending.Days, Deadlines.Extend(s.DueAt ?? s.AcceptanceDueAt, pending.Days)));
    }

    private static Decision OnRefuseExtension(PetitionCase s, RefuseExtensionCommand c)
    {
        if (In(s, "refuse an extension for", CaseStatus.InProgress, CaseStatus.ResultSubmitted) is { } refused) return refused;
        if (s.Extension is not { Status: ExtensionStatus.Pending })
            return Decision.Refuse(new(Rules.NoPendingExtension, ViolationKind.Conflict, "There is no pending extension request.", s.Status));
        return Decision.Accept(new ExtensionRefused(c.Reason));
    }

    private static Decision Supervise(PetitionCase s, IssueSupervisionNoticeCommand c, CommandContext ctx)
    {
        if (s.Status == CaseStatus.NotAccepted || s.IsFinallyClosed)
            return Conflict(s, "issue a supervision notice for");
        if (c.ReplyDueAt is { } due && due <= ctx.Now)
            return Invalid(s, Rules.DeadlineInPast, "The reply deadline must be in the future.", "replyDueAt");
        return Decision.Accept(new SupervisionNoticeIssued(s.SupervisionNotices.Count + 1, c.Note, Utc(c.ReplyDueAt)));
    }

    private static Decision Reply(PetitionCase s, ReplySupervisionNoticeCommand c)
    {
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
                ? Decision.Unchanged
                : Decision.Refuse(new(Rules.AlreadyRepeat, ViolationKind.Conflict, $"The case is already linked as a repeat of {s.RepeatOf}.", s.Status));
        }

        return Decision.Accept(new RepeatLinked(c.OriginalCaseNo, c.Reason, c.Automatic));
    }

    private static Decision ReceiveRepeat(PetitionCase s, RecordRepeatCommand c, CommandContext ctx)
    {
        if (s.Repeats.Contains(c.RepeatCaseNo)) return Decision.Unchanged;
        var received = new RepeatReceived(c.RepeatCaseNo);
        if (s.Status != CaseStatus.Closed) return Decision.Accept(received);

        // The complaint came back after closing: the handling did not hold, so the case goes back to work.
        return Decision.Accept(received, AutoReopen(s, ProblemSource.Repeat, $"重复举报：{c.RepeatCaseNo}", "针对重复举报事项重新现场核查并整改到位", ctx));
    }

    private static Decision LookBack(PetitionCase s, RecordLookBackCommand c, CommandContext ctx)
    {
        if (In(s, "record a look-back review for", CaseStatus.Closed) is { } refused) return refused;
        if (s.LookBacks.Any(l => l.ReviewId == c.ReviewId)) return Decision.Unchanged;
        var recorded = new LookBackRecorded(c.ReviewId, c.Held, c.Note);
        return c.Held
            ? Decision.Accept(recorded)
            : Decision.Accept(recorded, AutoReopen(s, ProblemSource.LookBack, $"回头看未通过：{c.Note}", "针对回头看发现的问题整改到位", ctx));
    }

    private static Decision AdjustProblem(PetitionCase s, AdjustProblemEntryCommand c, CommandContext ctx)
    {
        if (s.Problem is not { } entry)
            return Decision.Refuse(new(Rules.NoProblemEntry, ViolationKind.Conflict, "The case is not on the problem list.", s.Status));
        if (c.DueAt <= ctx.Now) return Invalid(s, Rules.DeadlineInPast, "The deadline must be in the future.", "dueAt");
        return Decision.Accept(new ProblemEntryAdjusted(entry.Source, entry.Reason, c.Target, c.DueAt.ToUniversalTime(), c.ResponsiblePerson));
    }

    private static CaseReopened AutoReopen(PetitionCase s, ProblemSource source, string reason, string target, CommandContext ctx) =>
        new(source, reason, target, Deadlines.DaysAfter(ctx.Now, ctx.Defaults.RectificationDays), ctx.Defaults.ResponsiblePerson);

    // ---- guards ----------------------------------------------------------------------------------------------

    private static Decision? In(PetitionCase s, string action, params CaseStatus[] allowed) =>
        allowed.Contains(s.Status) ? null : Conflict(s, action);

    private static Decision? NotIn(PetitionCase s, string action, params CaseStatus[] refused) =>
        refused.Contains(s.Status) ? Conflict(s, action) : null;

    private static Decision Conflict(PetitionCase s, string action) =>
        Decision.Refuse(new(Rules.TransitionNotAllowed, ViolationKind.Conflict,
            $"Cannot {action} a case that is {Describe(s)}.", s.Status));

    private static string Describe(PetitionCase s) =>
        s.Status == CaseStatus.Closed && s.Closure is { } closure ? $"Closed ({closure.Kind})" : s.Status.ToString();

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
            };
        }

        return entry.Event switch
        {
            CaseAssigned e => s with { Status = CaseStatus.Assigned, LeadUnit = e.LeadUnit, CoUnits = e.CoUnits, AssignedDueAt = e.DueAt },
            CaseNotAccepted e => s with { Status = CaseStatus.NotAccepted, NotAcceptedReason = e.Reason, DueAt = null },
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
                Results = [.. s.Results, new HandlingResult(e.No, e.Verdict, e.Findings, e.Measures, e.Penalties, e.PublicSummary, at, by)],
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
                SiteVisitRequiredAfter = s.IsOpen || s.Status == CaseStatus.Closed ? at : s.SiteVisitRequiredAfter,
            },
            RepeatWithdrawn e => s with { Repeats = s.Repeats.Where(r => r != e.RepeatCaseNo).ToList() },
            LookBackRecorded e => s with { LookBacks = [.. s.LookBacks, new LookBackReview(e.ReviewId, e.Held, e.Note, at, by)] },
            CaseRegistered => throw new InvalidOperationException("A case is registered once."),
            _ => throw new ArgumentOutOfRangeException(nameof(entry), entry.Event.GetType().Name, "Unknown case event."),
        };
    }

    private static DateTimeOffset? Utc(DateTimeOffset? instant) => instant?.ToUniversalTime();
}
