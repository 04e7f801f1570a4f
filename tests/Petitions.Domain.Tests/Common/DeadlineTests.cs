using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Tests.Cases;

namespace Petitions.Domain.Tests.Common;

/// <summary>Deadlines are China calendar days (UTC+8), ending 23:59:59 China time, stored as UTC instants.</summary>
public sealed class DeadlineTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset Cst(int y, int m, int d, int h = 10, int min = 0) => new(y, m, d, h, min, 0, China);

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min, int s = 0) => new(y, m, d, h, min, s, TimeSpan.Zero);

    /// <summary>The end of a China calendar day, as the UTC instant it must be stored as.</summary>
    private static DateTimeOffset EndOfChinaDay(int y, int m, int d) => Utc(y, m, d, 15, 59, 59);

    private static void AssertUtc(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(TimeSpan.Zero, actual!.Value.Offset);
    }

    // ---- ChinaTime ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_China_date_changes_at_16_00_UTC()
    {
        Assert.Equal(new DateOnly(2024, 1, 31), ChinaTime.DateOf(Utc(2024, 1, 31, 15, 59, 59)));
        Assert.Equal(new DateOnly(2024, 2, 1), ChinaTime.DateOf(Utc(2024, 1, 31, 16, 0)));
        Assert.Equal(new DateOnly(2024, 2, 1), ChinaTime.DateOf(Cst(2024, 2, 1, 0, 0)));
        Assert.Equal(new DateOnly(2024, 2, 1), ChinaTime.DateOf(new DateTimeOffset(2024, 1, 31, 12, 0, 0, TimeSpan.FromHours(-5)))); // 17:00Z
    }

    [Fact]
    public void A_China_day_runs_from_16_00_UTC_the_day_before_to_15_59_59_UTC()
    {
        var day = new DateOnly(2024, 2, 29);

        AssertUtc(Utc(2024, 2, 28, 16, 0), ChinaTime.StartOfDay(day));
        AssertUtc(EndOfChinaDay(2024, 2, 29), ChinaTime.EndOfDay(day));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, China), ChinaTime.EndOfDay(day));
        Assert.Equal(day, ChinaTime.DateOf(ChinaTime.StartOfDay(day)));
        Assert.Equal(day, ChinaTime.DateOf(ChinaTime.EndOfDay(day)));
        Assert.Equal(day.AddDays(1), ChinaTime.DateOf(ChinaTime.EndOfDay(day).AddSeconds(1)));
    }

    // ---- acceptance: 15 days after receipt -----------------------------------------------------------------------

    [Fact]
    public void Acceptance_is_due_at_the_end_of_the_China_day_15_days_after_receipt_stored_in_UTC()
    {
        var due = Deadlines.AcceptanceDue(Cst(2024, 3, 1, 9));

        AssertUtc(EndOfChinaDay(2024, 3, 16), due);
        Assert.Equal(new DateTimeOffset(2024, 3, 16, 23, 59, 59, China), due);
        Assert.Equal(15, Deadlines.AcceptanceDays);
    }

    [Fact]
    public void Receipt_late_in_the_China_day_and_receipt_after_China_midnight_give_different_due_dates()
    {
        var lateEvening = Cst(2024, 1, 31, 23, 30);      // 2024-01-31T15:30Z, still Jan 31 in China
        var afterMidnight = Utc(2024, 1, 31, 16, 30);    // same UTC date, but already Feb 1 in China
        Assert.Equal(Utc(2024, 1, 31, 15, 30), lateEvening);
        Assert.Equal(lateEvening.UtcDateTime.Date, afterMidnight.UtcDateTime.Date);

        AssertUtc(EndOfChinaDay(2024, 2, 15), Deadlines.AcceptanceDue(lateEvening));
        AssertUtc(EndOfChinaDay(2024, 2, 16), Deadlines.AcceptanceDue(afterMidnight));
    }

    [Theory]
    [InlineData("2024-02-29T10:00:00+08:00", "2024-03-15")] // leap day
    [InlineData("2024-02-14T10:00:00+08:00", "2024-02-29")] // lands on the leap day
    [InlineData("2023-02-28T10:00:00+08:00", "2023-03-15")] // non-leap February end
    [InlineData("2023-02-14T10:00:00+08:00", "2023-03-01")]
    [InlineData("2024-01-31T10:00:00+08:00", "2024-02-15")] // month end
    [InlineData("2024-12-20T10:00:00+08:00", "2025-01-04")] // year end
    [InlineData("2024-12-20T20:00:00+00:00", "2025-01-05")] // Dec 21 in China
    [InlineData("2024-12-31T23:59:59+08:00", "2025-01-15")]
    public void Acceptance_due_across_month_leap_and_year_ends(string receivedAt, string dueDate)
    {
        var due = Deadlines.AcceptanceDue(DateTimeOffset.Parse(receivedAt));

        AssertUtc(ChinaTime.EndOfDay(DateOnly.Parse(dueDate)), due);
    }

    // ---- handling: 60 days after acceptance, or the round's shorter period --------------------------------------

    [Theory]
    [InlineData("2024-01-31T10:00:00+08:00", "2024-03-31")] // Jan 31 + 60 days in a leap year
    [InlineData("2023-01-31T10:00:00+08:00", "2023-04-01")] // ... and in a common year
    [InlineData("2024-02-29T10:00:00+08:00", "2024-04-29")] // leap day + 60
    [InlineData("2023-02-28T10:00:00+08:00", "2023-04-29")] // non-leap Feb 28 + 60
    [InlineData("2024-12-20T10:00:00+08:00", "2025-02-18")] // across the year end
    [InlineData("2024-02-29T17:00:00+00:00", "2024-04-30")] // already Mar 1 in China
    public void Handling_is_due_60_days_after_acceptance(string acceptedAt, string dueDate)
    {
        AssertUtc(ChinaTime.EndOfDay(DateOnly.Parse(dueDate)), Deadlines.HandlingDue(DateTimeOffset.Parse(acceptedAt), null));
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData(10, 10)]
    [InlineData(1, 1)]
    [InlineData(59, 59)]
    [InlineData(60, 60)]
    [InlineData(61, 60)]
    [InlineData(90, 60)]
    [InlineData(0, 60)]
    [InlineData(-5, 60)]
    public void A_round_period_only_counts_when_shorter_than_60_days(int? roundDays, int period)
    {
        Assert.Equal(period, Deadlines.HandlingPeriod(roundDays));
        AssertUtc(ChinaTime.EndOfDay(new DateOnly(2024, 3, 1).AddDays(period)), Deadlines.HandlingDue(Cst(2024, 3, 1, 9), roundDays));
    }

    [Fact]
    public void A_round_with_a_10_day_period_sets_the_handling_deadline_on_acceptance()
    {
        var b = new CaseBuilder().Register(roundHandlingDays: 10).Assign().Accept();

        AssertUtc(EndOfChinaDay(2024, 3, 11), b.Case.HandlingDueAt);
        Assert.Equal(b.Case.HandlingDueAt, b.Case.DueAt);
    }

    [Fact]
    public void A_round_period_of_60_days_or_more_is_ignored_on_acceptance()
    {
        var b = new CaseBuilder().Register(roundHandlingDays: 90).Assign().Accept();

        AssertUtc(EndOfChinaDay(2024, 4, 30), b.Case.HandlingDueAt); // 2024-03-01 + 60 days
    }

    [Fact]
    public void Handling_is_counted_from_acceptance_not_from_receipt()
    {
        var b = new CaseBuilder().Register().Assign();
        b.AdvanceDays(10).Accept();

        Assert.Equal(new DateOnly(2024, 3, 11), ChinaTime.DateOf(b.Case.AcceptedAt!.Value));
        AssertUtc(EndOfChinaDay(2024, 5, 10), b.Case.HandlingDueAt);
    }

    [Fact]
    public void An_assignment_deadline_earlier_than_the_handling_period_wins()
    {
        var assignedDue = Utc(2024, 3, 6, 4, 0); // 5 days after assignment, not at a day's end
        var b = new CaseBuilder().Register().Assign(dueAt: assignedDue).Accept();

        Assert.Equal(assignedDue, b.Case.HandlingDueAt);
        Assert.Equal(assignedDue, b.Case.DueAt);
        Assert.Equal(assignedDue, Assert.IsType<CaseAccepted>(b.Case.Timeline[^1].Event).HandlingDueAt);
    }

    [Fact]
    public void An_assignment_deadline_earlier_than_a_short_round_period_wins_too()
    {
        var assignedDue = Utc(2024, 3, 4, 8, 0);
        var b = new CaseBuilder().Register(roundHandlingDays: 10).Assign(dueAt: assignedDue).Accept();

        Assert.Equal(assignedDue, b.Case.HandlingDueAt);
    }

    [Fact]
    public void An_assignment_deadline_later_than_the_handling_period_does_not_extend_it()
    {
        var b = new CaseBuilder().Register(roundHandlingDays: 10).Assign(dueAt: Utc(2024, 6, 1, 0, 0)).Accept();

        AssertUtc(EndOfChinaDay(2024, 3, 11), b.Case.HandlingDueAt);
    }

    // ---- extension: calendar days ------------------------------------------------------------------------------

    [Theory]
    [InlineData("2024-04-29", 30, "2024-05-29")]
    [InlineData("2024-01-31", 30, "2024-03-01")] // through the leap day
    [InlineData("2023-01-31", 30, "2023-03-02")]
    [InlineData("2024-12-15", 30, "2025-01-14")]
    [InlineData("2024-03-10", 1, "2024-03-11")]
    public void An_extension_adds_calendar_days_to_the_deadline(string due, int days, string extended)
    {
        var from = ChinaTime.EndOfDay(DateOnly.Parse(due));

        AssertUtc(ChinaTime.EndOfDay(DateOnly.Parse(extended)), Deadlines.DaysAfter(from, days));
    }

    [Fact]
    public void An_extension_of_an_assignment_deadline_in_mid_day_ends_at_the_end_of_the_China_day()
    {
        // 2024-03-06 12:00 China; + 10 calendar days is the end of 2024-03-16 China.
        AssertUtc(EndOfChinaDay(2024, 3, 16), Deadlines.DaysAfter(Utc(2024, 3, 6, 4, 0), 10));
    }

    [Fact]
    public void An_approved_extension_moves_the_deadline_by_calendar_days()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(30).ApproveExtensionCommand();

        AssertUtc(EndOfChinaDay(2024, 5, 30), b.Case.DueAt); // 2024-04-30 + 30 days
        Assert.Equal(30, Deadlines.MaxExtensionDays);
    }

    [Fact]
    public void A_problem_list_default_deadline_is_counted_in_China_days()
    {
        AssertUtc(EndOfChinaDay(2024, 3, 31), Deadlines.DaysAfter(Utc(2024, 3, 1, 15, 59), 30));
        AssertUtc(EndOfChinaDay(2024, 4, 1), Deadlines.DaysAfter(Utc(2024, 3, 1, 16, 0), 30));
    }

    // ---- overdue ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_case_is_overdue_only_after_the_last_second_of_its_due_day()
    {
        var b = new CaseBuilder().Register(); // received 2024-03-01 China, acceptance due 2024-03-16 23:59:59 China
        var due = EndOfChinaDay(2024, 3, 16);
        AssertUtc(due, b.Case.DueAt);

        Assert.False(b.Case.IsOverdue(due));
        Assert.True(b.Case.IsOverdue(due.AddSeconds(1)));
    }

    // ---- UTC storage ---------------------------------------------------------------------------------------------

    [Fact]
    public void Computed_deadlines_and_logged_instants_are_stored_in_UTC()
    {
        var b = new CaseBuilder().Register(receivedAt: Cst(2024, 3, 1, 8)).Assign().Accept();
        b.Visit(visitedAt: b.Now.ToOffset(China)).Result();
        b.Callback(calledAt: b.Now.ToOffset(China));
        var c = b.Case;

        Assert.Equal(TimeSpan.Zero, c.ReceivedAt.Offset);
        Assert.Equal(TimeSpan.Zero, c.AcceptanceDueAt.Offset);
        Assert.Equal(TimeSpan.Zero, c.HandlingDueAt!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, c.SiteVisits[0].VisitedAt.Offset);
        Assert.Equal(TimeSpan.Zero, c.Callbacks[0].CalledAt.Offset);
    }

    [Fact]
    public void Deadlines_supplied_by_commands_are_stored_in_UTC()
    {
        var b = new CaseBuilder().Register().Assign(dueAt: Cst(2024, 3, 20, 18)).Accept();
        Assert.Equal(TimeSpan.Zero, b.Case.AssignedDueAt!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, b.Case.HandlingDueAt!.Value.Offset);

        b.Do(new IssueSupervisionNoticeCommand("请加快", Cst(2024, 3, 10, 18)), CaseBuilder.Supervisor);
        Assert.Equal(TimeSpan.Zero, b.Case.SupervisionNotices[0].ReplyDueAt!.Value.Offset);

        b.Visit().Result().Reopen(dueAt: Cst(2024, 4, 1, 18));
        Assert.Equal(TimeSpan.Zero, b.Case.Problem!.DueAt.Offset);
        Assert.Equal(TimeSpan.Zero, b.Case.DueAt!.Value.Offset);

        b.Do(new AdjustProblemEntryCommand("t", Cst(2024, 4, 5, 18), "p"), CaseBuilder.Supervisor);
        Assert.Equal(TimeSpan.Zero, b.Case.Problem!.DueAt.Offset);

        b.Result().Callback().StageClose(Cst(2024, 9, 1, 18));
        Assert.Equal(TimeSpan.Zero, b.Case.Closure!.RectificationDueAt!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, b.Case.Problem!.DueAt.Offset);
    }
}
