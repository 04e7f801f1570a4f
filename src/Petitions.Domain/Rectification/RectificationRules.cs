using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Domain.Rectification;

/// <summary>The names of the ledger's rules, as they appear in ProblemDetails ("rule") and in translations.</summary>
public static class LedgerRules
{
    public const string TaskNotFound = "TaskNotFound";
    public const string TaskExists = "TaskExists";
    public const string TaskClosed = "TaskClosed";
    public const string TaskNotClosed = "TaskNotClosed";
    public const string VerificationPending = "VerificationPending";
    public const string NoCompletionToVerify = "NoCompletionToVerify";
    public const string ReportBeforeLastStatus = "ReportBeforeLastStatus";
    public const string DateInFuture = "DateInFuture";
    public const string CaseNotLinked = "CaseNotLinked";
    public const string TooManyLinks = "TooManyLinks";
}

/// <summary>
/// The task lifecycle as pure rules: state + command → events or a refusal; events → state. A responsible unit
/// reports progress; a report of completion waits for a supervisor's verification with evidence (验收销号) before
/// the task counts as completed; a closed task takes no reports until it is reopened.
/// </summary>
public static class RectificationRules
{
    /// <summary>The timeline keeps this many entries (the audit trail of one task; older entries fall off).</summary>
    public const int TimelineKept = 200;
    public const int LinksKept = 100;

    public static (RectificationTask? Task, IReadOnlyList<TaskEvent> Events, RuleViolation? Violation) Handle(
        RectificationTask? task, string taskId, TaskCommand command, Actor actor, DateTimeOffset now)
    {
        var (events, violation) = Decide(task, command, actor, now);
        if (violation is not null) return (task, [], violation);
        var next = events.Aggregate(task, (state, e) => Evolve(state, taskId, e));
        return (next, events, null);
    }

    public static (IReadOnlyList<TaskEvent> Events, RuleViolation? Violation) Decide(RectificationTask? task, TaskCommand command, Actor actor, DateTimeOffset now)
    {
        var today = ChinaTime.DateOf(now);
        if (task is null)
        {
            return command is ImportTaskCommand import
                ? ([new TaskImported(now, actor, import)], null)
                : ([], Refuse(LedgerRules.TaskNotFound, ViolationKind.NotFound, "The task does not exist."));
        }

        switch (command)
        {
            case ImportTaskCommand import:
                // A later report adds its status; the same report again (or an older one) changes nothing.
                if (import.AsOf <= task.Current.AsOf) return ([], null);
                if (task.IsClosed && !import.Status.IsCompleted())
                    return ([new TaskReopened(now, actor, import.Reference, import.AsOf, null), new TaskStatusImported(now, actor, import.AsOf, import.Status, import.StatusAsWritten, import.Reference)], null);
                return ([new TaskStatusImported(now, actor, import.AsOf, import.Status, import.StatusAsWritten, import.Reference)], null);

            case AssignTaskCommand assign:
                return ([new TaskAssigned(now, actor, assign.LeadUnit, assign.CoUnits.Where(u => u != assign.LeadUnit).Distinct().ToList(), assign.Leader, assign.ReportEveryMonths)], null);

            case ReportProgressCommand report:
                if (task.IsClosed) return ([], Refuse(LedgerRules.TaskClosed, ViolationKind.Conflict, "The task is closed (验收销号); reopen it before reporting."));
                if (task.AwaitingVerification is not null) return ([], Refuse(LedgerRules.VerificationPending, ViolationKind.Conflict, "A reported completion is waiting for verification."));
                if (report.AsOf > today) return ([], Refuse(LedgerRules.DateInFuture, ViolationKind.Invalid, "A report cannot be as of a future date.", "asOf"));
                if (report.AsOf < task.Current.AsOf)
                    return ([], Refuse(LedgerRules.ReportBeforeLastStatus, ViolationKind.Invalid, $"The task's status is already recorded as of {task.Current.AsOf:yyyy-MM-dd}.", "asOf"));
                var no = task.Reports.Count == 0 ? 1 : task.Reports[^1].No + 1;
                return ([new ProgressReported(now, actor, new ProgressReport(no, report.AsOf, report.Status, StatusVocabulary.WrittenFor(report.Status), report.Text, report.Evidence, actor, now))], null);

            case VerifyCompletionCommand verify:
                if (task.AwaitingVerification is not { } claim)
                    return ([], Refuse(LedgerRules.NoCompletionToVerify, ViolationKind.Conflict, "Only a completion the responsible unit reported can be verified and closed."));
                if (verify.AsOf > today) return ([], Refuse(LedgerRules.DateInFuture, ViolationKind.Invalid, "A verification cannot be as of a future date.", "asOf"));
                if (verify.AsOf < claim.AsOf)
                    return ([], Refuse(LedgerRules.ReportBeforeLastStatus, ViolationKind.Invalid, $"The completion was reported as of {claim.AsOf:yyyy-MM-dd}.", "asOf"));
                return ([new CompletionVerified(now, actor, new TaskVerification(verify.AsOf, verify.Evidence, verify.Note, actor, now), claim.Status)], null);

            case RejectCompletionCommand reject:
                return task.AwaitingVerification is null
                    ? ([], Refuse(LedgerRules.NoCompletionToVerify, ViolationKind.Conflict, "There is no reported completion to reject."))
                    : ([new CompletionRejected(now, actor, reject.Reason)], null);

            case ReopenTaskCommand reopen:
                if (!task.IsClosed) return ([], Refuse(LedgerRules.TaskNotClosed, ViolationKind.Conflict, "Only a completed task can be reopened."));
                if (reopen.AsOf > today) return ([], Refuse(LedgerRules.DateInFuture, ViolationKind.Invalid, "A reopening cannot be as of a future date.", "asOf"));
                if (reopen.AsOf < task.Current.AsOf)
                    return ([], Refuse(LedgerRules.ReportBeforeLastStatus, ViolationKind.Invalid, $"The task was completed as of {task.Current.AsOf:yyyy-MM-dd}.", "asOf"));
                return ([new TaskReopened(now, actor, reopen.Reason, reopen.AsOf, reopen.NewDeadline)], null);

            case LinkTaskCaseCommand link:
                if (task.LinkedCases.Contains(link.CaseNo)) return ([], null);
                return task.LinkedCases.Count >= LinksKept
                    ? ([], Refuse(LedgerRules.TooManyLinks, ViolationKind.Conflict, $"A task links at most {LinksKept} cases."))
                    : ([new TaskCaseLinked(now, actor, link.CaseNo)], null);

            case UnlinkTaskCaseCommand unlink:
                return task.LinkedCases.Contains(unlink.CaseNo)
                    ? ([new TaskCaseUnlinked(now, actor, unlink.CaseNo)], null)
                    : ([], Refuse(LedgerRules.CaseNotLinked, ViolationKind.Conflict, $"Case {unlink.CaseNo} is not linked to this task."));

            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name);
        }
    }

    public static RectificationTask Evolve(RectificationTask? task, string taskId, TaskEvent e)
    {
        if (e is TaskImported imported)
        {
            var c = imported.Task;
            var created = new RectificationTask
            {
                Id = taskId, PlanCode = c.PlanCode, Seq = c.Seq, Number = c.Number, Problem = c.Problem, Deadline = c.Deadline,
                SubTasks = c.SubTasks, Measures = c.Measures, LeadUnit = c.LeadUnit,
                StatusHistory = [new StatusEntry(c.AsOf, c.Status, c.StatusAsWritten, c.Reference)],
                // The report is the published, verified statement of a completion: its reference is the evidence.
                Verification = c.Status.IsCompleted() ? new TaskVerification(c.AsOf, c.Reference, null, imported.Actor, imported.At) : null,
            };
            return Note(created with { Version = 1 }, e, "Imported", $"{c.StatusAsWritten}（截至 {c.AsOf:yyyy-MM-dd}）{c.Reference}");
        }

        var t = task ?? throw new InvalidOperationException("An event for a task that does not exist.");
        var next = e switch
        {
            TaskStatusImported s => Note(t with
            {
                StatusHistory = [.. t.StatusHistory, new StatusEntry(s.AsOf, s.Status, s.Written, s.Reference)],
                Verification = s.Status.IsCompleted() ? new TaskVerification(s.AsOf, s.Reference, null, s.Actor, s.At) : t.Verification,
                AwaitingVerification = null,
            }, e, "StatusImported", $"{s.Written}（截至 {s.AsOf:yyyy-MM-dd}）{s.Reference}"),
            TaskAssigned a => Note(t with { LeadUnit = a.LeadUnit, CoUnits = a.CoUnits, Leader = a.Leader, ReportEveryMonths = a.ReportEveryMonths },
                e, "Assigned", string.Join("、", a.CoUnits.Prepend(a.LeadUnit)) + (a.Leader is null ? "" : $"；{a.Leader}")),
            ProgressReported p => Note(p.Report.Status.IsCompleted()
                    ? t with { Reports = [.. t.Reports, p.Report], AwaitingVerification = p.Report }
                    : t with { Reports = [.. t.Reports, p.Report], StatusHistory = [.. t.StatusHistory, new StatusEntry(p.Report.AsOf, p.Report.Status, p.Report.Written, $"进展报告 {p.Report.No}")] },
                e, "ProgressReported", $"{p.Report.Written}（截至 {p.Report.AsOf:yyyy-MM-dd}）{p.Report.Text}"),
            CompletionVerified v => Note(t with
            {
                AwaitingVerification = null,
                Verification = v.Verification,
                StatusHistory = [.. t.StatusHistory, new StatusEntry(v.Verification.AsOf, v.Status, StatusVocabulary.WrittenFor(v.Status), "验收销号")],
            }, e, "Verified", v.Verification.Evidence + (v.Verification.Note is null ? "" : $"；{v.Verification.Note}")),
            CompletionRejected r => Note(t with { AwaitingVerification = null }, e, "Rejected", r.Reason),
            TaskReopened r => Note(t with
            {
                Verification = null,
                Deadline = r.NewDeadline ?? t.Deadline,
                StatusHistory = [.. t.StatusHistory, new StatusEntry(r.AsOf, ProgressStatus.InProgress, StatusVocabulary.WrittenFor(ProgressStatus.InProgress), "重新整改")],
            }, e, "Reopened", r.Reason + (r.NewDeadline is null ? "" : $"；整改时限 {r.NewDeadline.Written}")),
            TaskCaseLinked l => Note(t with { LinkedCases = [.. t.LinkedCases, l.CaseNo] }, e, "CaseLinked", l.CaseNo),
            TaskCaseUnlinked u => Note(t with { LinkedCases = t.LinkedCases.Where(c => c != u.CaseNo).ToList() }, e, "CaseUnlinked", u.CaseNo),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
        };
        return next with { Version = t.Version + 1 };
    }

    /// <summary>The end of the reporting period after the one holding <paramref name="lastAsOf"/> (months 1 or 3, calendar-aligned).</summary>
    public static DateOnly NextReportDue(DateOnly lastAsOf, int everyMonths)
    {
        var months = everyMonths is 1 or 3 ? everyMonths : 3;
        var periodStartMonth = (lastAsOf.Month - 1) / months * months + 1;
        var nextPeriodEnd = new DateOnly(lastAsOf.Year, periodStartMonth, 1).AddMonths(2 * months).AddDays(-1);
        return nextPeriodEnd;
    }

    private static RectificationTask Note(RectificationTask task, TaskEvent e, string kind, string text)
    {
        var timeline = task.Timeline.Append(new TaskTimelineEntry(e.At, e.Actor, kind, text));
        return task with { Timeline = timeline.TakeLast(TimelineKept).ToList() };
    }

    private static RuleViolation Refuse(string rule, ViolationKind kind, string message, string? field = null) => new(rule, kind, message, null, field);
}
