using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Rectification;

namespace Petitions.Domain.Tests.Rectification;

public sealed class RectificationRulesTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly Actor Unit = new("handler.654000", "伊犁州办理人");
    private static readonly Actor Supervisor = new("supervisor", "督办员");

    private static RectificationTask Imported(ProgressStatus status = ProgressStatus.InProgress, string deadline = "2023年底前", string written = "正在持续推进")
    {
        var command = new ImportTaskCommand("R2-650000", 19, "十九", "伊犁州有关部门未认真调查核实即回复不属实", RectificationDeadline.Parse(deadline),
            [], [new RectificationMeasure(1, "全面回头看")], written, status, new DateOnly(2023, 6, 30), "654000", "附件①");
        var (task, events, violation) = RectificationRules.Handle(null, "R2-650000-19", command, Actor.System, Now);
        Assert.Null(violation);
        Assert.Single(events);
        return task!;
    }

    private static RectificationTask Do(RectificationTask task, TaskCommand command, Actor actor)
    {
        var (next, _, violation) = RectificationRules.Handle(task, task.Id, command, actor, Now);
        Assert.True(violation is null, violation?.Message);
        return next!;
    }

    private static RuleViolation Refused(RectificationTask task, TaskCommand command, Actor actor)
    {
        var (next, events, violation) = RectificationRules.Handle(task, task.Id, command, actor, Now);
        Assert.Same(task, next);
        Assert.Empty(events);
        return violation!;
    }

    [Fact]
    public void A_reported_completion_counts_only_once_a_supervisor_verifies_it_with_evidence()
    {
        var task = Do(Imported(), new ReportProgressCommand(new DateOnly(2024, 3, 1), ProgressStatus.Completed, "已全部整改", "现场照片"), Unit);
        Assert.NotNull(task.AwaitingVerification);
        Assert.Equal(ProgressStatus.InProgress, task.Status);
        Assert.Equal(LedgerCategory.Overdue, task.CategoryAsOf(new DateOnly(2024, 3, 10)));

        var closed = Do(task, new VerifyCompletionCommand(new DateOnly(2024, 3, 10), "验收报告 2024-03-10", null), Supervisor);
        Assert.True(closed.IsClosed);
        Assert.Null(closed.AwaitingVerification);
        Assert.Equal("验收报告 2024-03-10", closed.Verification!.Evidence);
        Assert.Equal(LedgerCategory.Completed, closed.CategoryAsOf(new DateOnly(2024, 3, 10)));
        // As of a date before the verification the task was still open (and past its deadline).
        Assert.Equal(LedgerCategory.Overdue, closed.CategoryAsOf(new DateOnly(2024, 3, 9)));
        Assert.Equal(LedgerCategory.InProgress, closed.CategoryAsOf(new DateOnly(2023, 6, 30)));
        Assert.Equal(["Imported", "ProgressReported", "Verified"], closed.Timeline.Select(e => e.Kind));
    }

    [Fact]
    public void Verification_needs_a_reported_completion_and_a_closed_task_takes_no_reports()
    {
        var open = Imported();
        Assert.Equal(LedgerRules.NoCompletionToVerify, Refused(open, new VerifyCompletionCommand(new DateOnly(2024, 3, 1), "证据", null), Supervisor).Rule);

        var completed = Imported(ProgressStatus.Completed, written: "已完成");
        var refused = Refused(completed, new ReportProgressCommand(new DateOnly(2024, 3, 1), ProgressStatus.InProgress, "继续", null), Unit);
        Assert.Equal((LedgerRules.TaskClosed, ViolationKind.Conflict), (refused.Rule, refused.Kind));

        var waiting = Do(open, new ReportProgressCommand(new DateOnly(2024, 3, 1), ProgressStatus.Completed, "已完成", null), Unit);
        Assert.Equal(LedgerRules.VerificationPending, Refused(waiting, new ReportProgressCommand(new DateOnly(2024, 3, 2), ProgressStatus.OnSchedule, "再报", null), Unit).Rule);
        var rejected = Do(waiting, new RejectCompletionCommand("证据不足"), Supervisor);
        Assert.Null(rejected.AwaitingVerification);
        Assert.False(rejected.IsClosed);
    }

    [Fact]
    public void Reports_cannot_go_back_before_the_last_status_or_into_the_future()
    {
        var task = Imported();
        var early = Refused(task, new ReportProgressCommand(new DateOnly(2023, 5, 31), ProgressStatus.OnSchedule, "补报", null), Unit);
        Assert.Equal((ViolationKind.Invalid, "asOf"), (early.Kind, early.Field));
        var future = Refused(task, new ReportProgressCommand(ChinaTime.DateOf(Now).AddDays(1), ProgressStatus.OnSchedule, "预报", null), Unit);
        Assert.Equal(LedgerRules.DateInFuture, future.Rule);
    }

    [Fact]
    public void A_completed_task_is_reopened_when_the_problem_comes_back()
    {
        var completed = Imported(ProgressStatus.CompletedKeptUp, "立行立改，长期坚持", "已完成，长期坚持");
        Assert.Equal(LedgerRules.TaskNotClosed, Refused(Imported(), new ReopenTaskCommand("群众再次举报", new DateOnly(2024, 3, 1), null), Supervisor).Rule);

        var reopened = Do(completed, new ReopenTaskCommand("群众再次举报", new DateOnly(2024, 3, 1), RectificationDeadline.Parse("2024年6月底")), Supervisor);
        Assert.False(reopened.IsClosed);
        Assert.Null(reopened.Verification);
        Assert.Equal(new DateOnly(2024, 6, 30), reopened.Deadline!.Date);
        Assert.Equal(LedgerCategory.CompletedAndKeptUp, reopened.CategoryAsOf(new DateOnly(2024, 2, 29)));
        Assert.Equal(LedgerCategory.InProgress, reopened.CategoryAsOf(new DateOnly(2024, 3, 1)));
        Assert.Equal(LedgerCategory.Overdue, reopened.CategoryAsOf(new DateOnly(2024, 7, 1)));
        // Reopened, it takes reports again.
        Do(reopened, new ReportProgressCommand(new DateOnly(2024, 3, 10), ProgressStatus.OnSchedule, "重新整改中", null), Unit);
    }

    [Theory]
    [InlineData(ProgressStatus.InProgress, "2023年底前", "2023-12-31", LedgerCategory.InProgress)]
    [InlineData(ProgressStatus.InProgress, "2023年底前", "2024-01-01", LedgerCategory.Overdue)]
    [InlineData(ProgressStatus.OnSchedule, "2023年6月底", "2023-07-01", LedgerCategory.Overdue)]
    [InlineData(ProgressStatus.OnSchedule, "立行立改，长期坚持", "2030-01-01", LedgerCategory.OnSchedule)]
    [InlineData(ProgressStatus.Completed, "2022年底前", "2030-01-01", LedgerCategory.Completed)]
    [InlineData(ProgressStatus.CompletedKeptUp, "立行立改，长期坚持", "2030-01-01", LedgerCategory.CompletedAndKeptUp)]
    public void Overdue_as_of_a_date_means_not_completed_and_past_the_deadline(ProgressStatus status, string deadline, string asOf, LedgerCategory expected) =>
        Assert.Equal(expected, StatusVocabulary.Categorize(status, RectificationDeadline.Parse(deadline).Date, DateOnly.Parse(asOf)));

    [Theory]
    [InlineData("2024年6月底", "2024-06-30")]
    [InlineData("2023年底前", "2023-12-31")]
    [InlineData("2025年10月底前", "2025-10-31")]
    [InlineData("2024年2月底", "2024-02-29")]
    [InlineData("2022年9月15日", "2022-09-15")]
    public void Deadline_forms_are_read_as_dates(string written, string date) =>
        Assert.Equal(DateOnly.Parse(date), RectificationDeadline.Parse(written).Date);

    [Theory]
    [InlineData("尽快")]
    [InlineData("2024年13月底")]
    [InlineData("2023年2月30日")]
    [InlineData("")]
    public void Unknown_deadline_forms_are_not_guessed(string written) => Assert.Null(RectificationDeadline.TryParse(written));

    [Fact]
    public void Linking_a_case_twice_changes_nothing_and_unlinking_an_unlinked_case_is_refused()
    {
        var task = Do(Imported(), new LinkTaskCaseCommand("XF2023000001"), Supervisor);
        var (same, events, _) = RectificationRules.Handle(task, task.Id, new LinkTaskCaseCommand("XF2023000001"), Supervisor, Now);
        Assert.Empty(events);
        Assert.Equal(["XF2023000001"], same!.LinkedCases);
        Assert.Equal(LedgerRules.CaseNotLinked, Refused(task, new UnlinkTaskCaseCommand("XF2023000002"), Supervisor).Rule);
    }

    [Theory]
    [InlineData("2023-06-30", 3, "2023-09-30")]
    [InlineData("2023-06-30", 1, "2023-07-31")]
    [InlineData("2023-11-15", 3, "2024-03-31")]
    public void The_next_report_is_due_at_the_end_of_the_following_period(string last, int months, string due) =>
        Assert.Equal(DateOnly.Parse(due), RectificationRules.NextReportDue(DateOnly.Parse(last), months));
}
