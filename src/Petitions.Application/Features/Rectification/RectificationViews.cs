using Petitions.Application.Common.Units;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

public sealed record RectificationPlanView(string Code, string Name, string ShortName, string OwnerUnit, string OwnerUnitName, string RoundCode, DateOnly? AsOf, int TaskCount)
{
    public static RectificationPlanView From(LedgerPlanRow row, UnitTree tree) =>
        new(row.Code, row.Name, row.ShortName, row.OwnerUnit, tree.NameOf(row.OwnerUnit), row.RoundCode,
            row.AsOf is null ? null : DateOnly.ParseExact(row.AsOf, "yyyy-MM-dd"), row.TaskCount);
}

public sealed record RectificationUnitRef(string Code, string Name);

/// <summary>A task in the plan's ledger, with what it was as of the date asked.</summary>
public sealed record RectificationTaskListItem(
    string Id, string PlanCode, int Seq, string Number, string Problem, string? Deadline, DateOnly? DeadlineDate,
    RectificationUnitRef LeadUnit, IReadOnlyList<RectificationUnitRef> CoUnits, string? Leader,
    LedgerCategory? Category, string? StatusAsWritten, DateOnly? StatusAsOf, bool AwaitingVerification,
    DateOnly? NextReportDue, bool ReportOverdue, int LinkedCases, int MeasureCount)
{
    public static RectificationTaskListItem From(LedgerTaskRow row, DateOnly asOf, DateOnly today, UnitTree tree)
    {
        var status = row.ProgressAsOf;
        var units = row.Units.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var current = Enum.Parse<ProgressStatus>(row.CurrentStatus!);
        DateOnly? nextDue = current.IsCompleted() ? null : RectificationRules.NextReportDue(DateOnly.ParseExact(row.CurrentStatusAsOf!, "yyyy-MM-dd"), row.ReportEveryMonths);
        return new(row.Id, row.PlanCode, row.Seq, row.Number, row.Problem, row.DeadlineText, row.Deadline,
            new(row.LeadUnit, tree.NameOf(row.LeadUnit)), units.Where(u => u != row.LeadUnit).Select(u => new RectificationUnitRef(u, tree.NameOf(u))).ToList(),
            row.Leader, status is { } s ? StatusVocabulary.Categorize(s, row.Deadline, asOf) : null, row.StatusWritten,
            row.StatusAsOf is null ? null : DateOnly.ParseExact(row.StatusAsOf, "yyyy-MM-dd"), row.AwaitingVerification != 0,
            nextDue, nextDue is { } due && due < today, row.LinkedCases, row.MeasureCount);
    }
}

public sealed record RectificationSummaryView(
    string PlanCode, DateOnly AsOf, int Total, int Completed, int CompletedAndKeptUp, int OnSchedule, int InProgress, int Overdue,
    bool AllOnSchedule, IReadOnlyDictionary<string, int> ByStatus)
{
    /// <summary>
    /// Every task in the ledger on the date falls in one category; <see cref="Completed"/> counts every completed task
    /// (kept up or not); "all on schedule" (序时进度) means no task is past its deadline without being completed.
    /// </summary>
    public static RectificationSummaryView From(string planCode, DateOnly asOf, IEnumerable<LedgerTaskRow> rows)
    {
        var counted = rows.Where(r => r.ProgressAsOf is not null).ToList();
        var categories = counted.Select(r => StatusVocabulary.Categorize(r.ProgressAsOf!.Value, r.Deadline, asOf)).ToList();
        int Count(LedgerCategory c) => categories.Count(x => x == c);
        var overdue = Count(LedgerCategory.Overdue);
        return new(planCode, asOf, counted.Count, Count(LedgerCategory.Completed) + Count(LedgerCategory.CompletedAndKeptUp), Count(LedgerCategory.CompletedAndKeptUp),
            Count(LedgerCategory.OnSchedule), Count(LedgerCategory.InProgress), overdue, overdue == 0,
            counted.GroupBy(r => r.StatusWritten!).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()));
    }
}

public sealed record RectificationDeadlineView(string Written, DateOnly? Date, bool Immediate, bool Ongoing)
{
    public static RectificationDeadlineView? From(RectificationDeadline? d) => d is null ? null : new(d.Written, d.Date, d.Immediate, d.Ongoing);
}

public sealed record RectificationMeasureView(int? No, string Text);

public sealed record RectificationSubTaskView(string Label, string Problem, RectificationDeadlineView? Deadline, string StatusAsWritten, ProgressStatus Status, IReadOnlyList<RectificationMeasureView> Measures);

public sealed record RectificationStatusEntryView(DateOnly AsOf, ProgressStatus Status, string Written, string Source);

public sealed record RectificationProgressReportView(int No, DateOnly AsOf, ProgressStatus Status, string Written, string Text, string? Evidence, string ReportedBy, DateTimeOffset ReportedAt);

public sealed record RectificationVerificationView(DateOnly AsOf, string Evidence, string? Note, string VerifiedBy, DateTimeOffset VerifiedAt);

public sealed record RectificationTimelineEntryView(DateTimeOffset At, string Actor, string Kind, string Text);

public sealed record RectificationLinkedCaseView(string CaseNo, string Status, string LeadUnitName, string Target, string? Verdict, string? Satisfaction, bool IsRepeat);

/// <summary>What the caller may do with the task now: the UI renders these, it never decides them itself.</summary>
public enum RectificationAction { ReportProgress, Verify, RejectCompletion, Reopen, LinkCase, UnlinkCase, Assign }

/// <summary>The task page: finding, deadline, measures, status history, progress reports, verification, linked cases, timeline.</summary>
public sealed record RectificationTaskView(
    string Id, string PlanCode, string PlanName, string PlanShortName, int Seq, string Number, string Problem, RectificationDeadlineView? Deadline,
    IReadOnlyList<RectificationSubTaskView> SubTasks, IReadOnlyList<RectificationMeasureView> Measures,
    RectificationUnitRef LeadUnit, IReadOnlyList<RectificationUnitRef> CoUnits, string? Leader, int ReportEveryMonths,
    LedgerCategory Category, ProgressStatus Status, string StatusAsWritten, DateOnly StatusAsOf, bool Closed,
    DateOnly? NextReportDue, bool ReportOverdue,
    IReadOnlyList<RectificationStatusEntryView> History, IReadOnlyList<RectificationProgressReportView> Reports,
    RectificationProgressReportView? AwaitingVerification, RectificationVerificationView? Verification,
    IReadOnlyList<RectificationLinkedCaseView> LinkedCases, IReadOnlyList<RectificationTimelineEntryView> Timeline,
    IReadOnlyList<RectificationAction> Actions, int Version)
{
    public static RectificationTaskView From(RectificationTask t, RectificationPlan plan, UnitTree tree, DateOnly today,
        IReadOnlyList<LinkedCaseRow> cases, IReadOnlyList<RectificationAction> actions)
    {
        static RectificationMeasureView Measure(RectificationMeasure m) => new(m.No, m.Text);
        static RectificationProgressReportView Report(ProgressReport r) => new(r.No, r.AsOf, r.Status, r.Written, r.Text, r.Evidence, r.ReportedBy.Name, r.ReportedAt);
        var next = t.NextReportDue;
        return new(t.Id, t.PlanCode, plan.Name, plan.ShortName, t.Seq, t.Number, t.Problem, RectificationDeadlineView.From(t.Deadline),
            t.SubTasks.Select(s => new RectificationSubTaskView(s.Label, s.Problem, RectificationDeadlineView.From(s.Deadline), s.StatusAsWritten, s.Status, s.Measures.Select(Measure).ToList())).ToList(),
            t.Measures.Select(Measure).ToList(),
            new(t.LeadUnit, tree.NameOf(t.LeadUnit)), t.CoUnits.Select(u => new RectificationUnitRef(u, tree.NameOf(u))).ToList(), t.Leader, t.ReportEveryMonths,
            t.CategoryAsOf(today) ?? LedgerCategory.InProgress, t.Status, t.Current.Written, t.Current.AsOf, t.IsClosed,
            next, next is { } due && due < today,
            t.StatusHistory.Select(s => new RectificationStatusEntryView(s.AsOf, s.Status, s.Written, s.Source)).ToList(),
            t.Reports.Select(Report).ToList(),
            t.AwaitingVerification is { } claim ? Report(claim) : null,
            t.Verification is { } v ? new RectificationVerificationView(v.AsOf, v.Evidence, v.Note, v.VerifiedBy.Name, v.VerifiedAt) : null,
            cases.Select(c => new RectificationLinkedCaseView(c.CaseNo, c.Status, tree.NameOf(c.LeadUnit), c.Target, c.Verdict, c.Satisfaction, c.IsRepeat != 0)).ToList(),
            t.Timeline.Select(e => new RectificationTimelineEntryView(e.At, e.Actor.Name, e.Kind, e.Text)).Reverse().ToList(),
            actions, t.Version);
    }
}

/// <summary>The one table of who may do what to a task now (the request's [Authorize] roles agree with it).</summary>
public static class RectificationActions
{
    public static IReadOnlyList<RectificationAction> For(LedgerAccess.Caller caller, RectificationTask task, string ownerUnit)
    {
        var actions = new List<RectificationAction>();
        if (caller.IsResponsibleFor(task) && !task.IsClosed && task.AwaitingVerification is null) actions.Add(RectificationAction.ReportProgress);
        if (caller.Supervises(task, ownerUnit))
        {
            if (task.AwaitingVerification is not null) actions.AddRange([RectificationAction.Verify, RectificationAction.RejectCompletion]);
            if (task.IsClosed) actions.Add(RectificationAction.Reopen);
            actions.Add(RectificationAction.LinkCase);
            if (task.LinkedCases.Count > 0) actions.Add(RectificationAction.UnlinkCase);
        }

        if (caller.IsAdmin) actions.Add(RectificationAction.Assign);
        return actions;
    }
}
