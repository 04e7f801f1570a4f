using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Domain.Tests.Cases;

/// <summary>The lifecycle rules of docs/domain-rules.md, one at a time, through the real <see cref="PetitionRules.Handle"/> path.</summary>
public sealed class LifecycleRuleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static SubmitResultCommand Verdicted(Verdict verdict) => new(verdict, "经核查", "处理措施", null, "公开摘要");

    private static LogCallbackCommand CallbackAt(DateTimeOffset calledAt, Satisfaction satisfaction, CallbackContact contact = CallbackContact.Complainant) =>
        new(calledAt, CallbackMethod.Phone, contact, satisfaction, null);

    private static CloseCaseCommand Final => new(ClosureKind.Final, "办结", null);

    /// <summary>Asserts a refusal that names the rule, reports the current status, and changes nothing.</summary>
    private static RuleViolation AssertRefused(PetitionCase before, (PetitionCase? State, Decision Decision) outcome, string rule, ViolationKind kind, string? field = null)
    {
        var (after, decision) = outcome;
        var v = decision.Violation;
        Assert.True(v is not null, $"expected a refusal by {rule}, but the command was accepted ({after?.Status}).");
        Assert.Equal(rule, v.Rule);
        Assert.Equal(kind, v.Kind);
        Assert.Equal(before.Status, v.CurrentStatus);
        if (field is not null) Assert.Equal(field, v.Field);
        Assert.False(string.IsNullOrWhiteSpace(v.Message));
        Assert.Empty(decision.Events);
        Assert.Same(before, after);
        return v;
    }

    /// <summary>Asserts acceptance with exactly one new version and returns the new state.</summary>
    private static PetitionCase AssertAccepted(PetitionCase before, (PetitionCase? State, Decision Decision) outcome)
    {
        var (after, decision) = outcome;
        Assert.True(decision.Violation is null, $"expected acceptance, but refused {decision.Violation?.Rule}: {decision.Violation?.Message}");
        Assert.NotEmpty(decision.Events);
        Assert.NotNull(after);
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(before.Timeline.Count + decision.Events.Count, after.Timeline.Count);
        return after;
    }

    private static void AssertUnchanged(PetitionCase before, (PetitionCase? State, Decision Decision) outcome)
    {
        var (after, decision) = outcome;
        Assert.Null(decision.Violation);
        Assert.Empty(decision.Events);
        Assert.Same(before, after);
        Assert.Equal(before.Version, after!.Version);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
    }

    // ---- unsubstantiated needs a site visit ------------------------------------------------------------------

    [Fact]
    public void Unsubstantiated_is_refused_without_a_site_visit()
    {
        var b = new CaseBuilder().ToInProgress();

        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");
    }

    [Fact]
    public void Unsubstantiated_is_accepted_with_a_site_visit()
    {
        var b = new CaseBuilder().ToInProgress().Visit();

        var after = AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));

        Assert.Equal(CaseStatus.ResultSubmitted, after.Status);
        Assert.Equal(Verdict.Unsubstantiated, after.Result?.Verdict);
    }

    [Theory]
    [InlineData(Verdict.Substantiated)]
    [InlineData(Verdict.PartlySubstantiated)]
    public void Other_verdicts_of_a_first_complaint_need_no_site_visit(Verdict verdict)
    {
        var b = new CaseBuilder().ToInProgress();

        var after = AssertAccepted(b.Case, b.Try(Verdicted(verdict)));

        Assert.Equal(CaseStatus.ResultSubmitted, after.Status);
    }

    [Fact]
    public void Repeat_linked_a_site_visit_after_the_link_counts()
    {
        var b = new CaseBuilder().ToInProgress().LinkRepeatCommand().Visit();

        AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));
    }

    [Fact]
    public void Repeat_linked_a_site_visit_made_before_the_link_does_not_count()
    {
        var b = new CaseBuilder().ToInProgress().Visit().LinkRepeatCommand();

        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");

        b.Visit();
        AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));
    }

    [Fact]
    public void Repeat_linked_at_intake_a_site_visit_dated_before_the_registration_does_not_count()
    {
        var received = CaseBuilder.DefaultStart;
        var b = new CaseBuilder(received.AddDays(2)).Register(receivedAt: received).LinkRepeatCommand(automatic: true).Assign().Accept();
        b.Visit(visitedAt: received.AddHours(5)); // between receipt and registration

        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");

        b.Visit();
        AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));
    }

    [Fact]
    public void Repeat_must_be_investigated_on_site_whatever_the_verdict()
    {
        foreach (var verdict in new[] { Verdict.Substantiated, Verdict.PartlySubstantiated })
        {
            var b = new CaseBuilder().ToInProgress().LinkRepeatCommand();
            var (after, decision) = b.Try(Verdicted(verdict));
            Assert.True(decision.IsRefused, $"{verdict} without a site visit was accepted for a repeat ({after?.Status}).");
            Assert.Equal(ViolationKind.Conflict, decision.Violation!.Kind);
        }
    }

    [Fact]
    public void Original_told_of_a_repeat_while_open_a_site_visit_before_the_repeat_does_not_count_one_after_does()
    {
        var b = new CaseBuilder().ToInProgress().Visit();
        var visitedBefore = b.Now;
        b.RecordRepeatCommand();
        Assert.Equal(CaseStatus.InProgress, b.Case.Status);
        Assert.Equal(b.Now, b.Case.SiteVisitRequiredAfter);

        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");

        // Logged after the repeat arrived, but made before it: still does not count.
        b.Visit(visitedAt: visitedBefore.AddMinutes(30));
        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");

        b.Visit();
        AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));
    }

    [Fact]
    public void Original_told_of_a_repeat_after_closing_stays_closed_and_a_reopen_decision_needs_a_new_site_visit()
    {
        var b = new CaseBuilder().ToClosed().RecordRepeatCommand();
        Assert.Equal(CaseStatus.Closed, b.Case.Status);
        Assert.Equal(["XF-2024-000999"], b.Case.CameBackAfterClosing);

        b.Do(new DecideRepeatCommand(RepeatDecision.ReopenOriginal, "同一事项再次举报", "重新核查整改", b.Now.AddDays(15), "王局长"), CaseBuilder.Supervisor);
        Assert.Equal(CaseStatus.InProgress, b.Case.Status);
        Assert.NotEmpty(b.Case.SiteVisits);

        AssertRefused(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)), Rules.UnsubstantiatedRequiresSiteVisit, ViolationKind.Conflict, "verdict");

        b.Visit();
        AssertAccepted(b.Case, b.Try(Verdicted(Verdict.Unsubstantiated)));
    }

    // ---- closing needs a callback ----------------------------------------------------------------------------

    [Theory]
    [InlineData(ClosureKind.Final)]
    [InlineData(ClosureKind.Stage)]
    public void Close_is_refused_without_a_callback(ClosureKind kind)
    {
        var b = new CaseBuilder().ToResultSubmitted();

        AssertRefused(b.Case, b.Try(new CloseCaseCommand(kind, null, b.Now.AddDays(30)), CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);
    }

    [Theory]
    [InlineData(Satisfaction.Satisfied, CallbackContact.Complainant)]
    [InlineData(Satisfaction.BasicallySatisfied, CallbackContact.Complainant)]
    [InlineData(Satisfaction.Satisfied, CallbackContact.Resident)]
    [InlineData(Satisfaction.BasicallySatisfied, CallbackContact.Resident)]
    public void Close_is_accepted_with_one_answered_callback(Satisfaction satisfaction, CallbackContact contact)
    {
        var b = new CaseBuilder().ToResultSubmitted();
        b.Advance(TimeSpan.FromHours(1)).DoNow(CallbackAt(b.Now, satisfaction, contact));

        var after = AssertAccepted(b.Case, b.Try(Final, CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.Equal(ClosureKind.Final, after.Closure?.Kind);
        Assert.Equal(CaseBuilder.Supervisor.Id, after.Closure?.ClosedBy);
        Assert.Equal(b.Now, after.Closure?.ClosedAt);
    }

    [Fact]
    public void Close_is_refused_with_one_unreachable_callback()
    {
        var b = new CaseBuilder().ToResultSubmitted().Callback(Satisfaction.Unreachable);

        AssertRefused(b.Case, b.Try(Final, CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);
    }

    [Fact]
    public void Close_is_refused_with_two_unreachable_callbacks_on_the_same_China_day_even_on_different_UTC_days()
    {
        var first = new DateTimeOffset(2024, 3, 1, 1, 0, 0, China);
        var second = new DateTimeOffset(2024, 3, 1, 23, 0, 0, China);
        Assert.NotEqual(first.UtcDateTime.Date, second.UtcDateTime.Date); // 2024-02-29T17:00Z and 2024-03-01T15:00Z

        var b = new CaseBuilder(new DateTimeOffset(2024, 2, 20, 9, 0, 0, China)).ToResultSubmitted();
        b.At(new DateTimeOffset(2024, 3, 2, 8, 0, 0, China))
            .DoNow(CallbackAt(first, Satisfaction.Unreachable))
            .Advance(TimeSpan.FromMinutes(1))
            .DoNow(CallbackAt(second, Satisfaction.Unreachable));
        Assert.Equal(2, b.Case.Callbacks.Count);

        AssertRefused(b.Case, b.Try(Final, CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);
    }

    [Fact]
    public void Close_is_accepted_with_two_unreachable_callbacks_on_different_China_days_an_hour_apart_across_China_midnight()
    {
        var first = new DateTimeOffset(2024, 3, 1, 23, 30, 0, China);
        var second = new DateTimeOffset(2024, 3, 2, 0, 30, 0, China);
        Assert.Equal(first.UtcDateTime.Date, second.UtcDateTime.Date); // both on 2024-03-01 in UTC

        var b = new CaseBuilder(new DateTimeOffset(2024, 2, 20, 9, 0, 0, China)).ToResultSubmitted();
        b.At(first.AddMinutes(5)).DoNow(CallbackAt(first, Satisfaction.Unreachable));
        b.At(second.AddMinutes(5)).DoNow(CallbackAt(second, Satisfaction.Unreachable));

        var after = AssertAccepted(b.Case, b.Try(Final, CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.Closed, after.Status);
    }

    [Fact]
    public void After_a_reopen_callbacks_about_the_earlier_result_do_not_count()
    {
        var b = new CaseBuilder().ToClosed().Reopen().Visit().Result();
        Assert.Equal(2, b.Case.Results.Count);
        Assert.Single(b.Case.Callbacks);

        AssertRefused(b.Case, b.Try(Final, CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);

        b.Callback();
        AssertAccepted(b.Case, b.Try(Final, CaseBuilder.Supervisor));
    }

    [Fact]
    public void After_a_reopen_an_unreachable_attempt_about_the_earlier_result_does_not_pair_with_a_new_one()
    {
        var b = new CaseBuilder().ToResultSubmitted().Callback(Satisfaction.Unreachable);
        b.AdvanceDays(1).Reopen().Visit().Result();
        b.AdvanceDays(1).Callback(Satisfaction.Unreachable);
        Assert.Equal(2, b.Case.Callbacks.Count);
        Assert.NotEqual(ChinaTime.DateOf(b.Case.Callbacks[0].CalledAt), ChinaTime.DateOf(b.Case.Callbacks[1].CalledAt));

        AssertRefused(b.Case, b.Try(Final, CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);

        b.AdvanceDays(1).Callback(Satisfaction.Unreachable);
        AssertAccepted(b.Case, b.Try(Final, CaseBuilder.Supervisor));
    }

    [Fact]
    public void A_callback_made_before_the_latest_result_does_not_count_even_when_logged_after_it()
    {
        var b = new CaseBuilder().ToResultSubmitted().Reopen().Visit().Result();
        var resultAt = b.Now;
        b.Advance(TimeSpan.FromHours(1));

        var (logged, decision) = b.Try(CallbackAt(resultAt.AddMinutes(-30), Satisfaction.Satisfied));
        if (decision.IsRefused) return; // refusing the backdated callback is an acceptable fix too

        Assert.NotNull(logged);
        var (_, close) = PetitionRules.Handle(logged, b.CaseNo, Final, b.Context(CaseBuilder.Supervisor));
        Assert.True(close.IsRefused, "a callback made before the latest result satisfied the callback requirement");
        Assert.Equal(Rules.CloseRequiresCallback, close.Violation!.Rule);
    }

    // ---- dissatisfied callbacks ------------------------------------------------------------------------------

    [Fact]
    public void A_dissatisfied_callback_reopens_the_case_onto_the_problem_list_with_the_units_defaults()
    {
        var b = new CaseBuilder { Defaults = new ProblemDefaults("张主任", 10) }.ToResultSubmitted();
        b.Advance(TimeSpan.FromHours(1));
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new LogCallbackCommand(b.Now, CallbackMethod.Visit, CallbackContact.Resident, Satisfaction.Dissatisfied, "夜间仍有异味")));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        Assert.Equal(1, after.ReopenCount);
        var problem = Assert.IsType<ProblemListEntry>(after.Problem);
        Assert.Equal(ProblemSource.Dissatisfied, problem.Source);
        Assert.Equal("张主任", problem.ResponsiblePerson);
        Assert.Equal(ChinaTime.EndOfDay(ChinaTime.DateOf(b.Now).AddDays(10)), problem.DueAt);
        Assert.Equal(Deadlines.DaysAfter(b.Now, 10), problem.DueAt);
        Assert.Equal(b.Now, problem.OpenedAt);
        Assert.Contains("夜间仍有异味", problem.Reason);
        Assert.False(string.IsNullOrWhiteSpace(problem.Target));
        Assert.Equal(problem.DueAt, after.DueAt);

        var callback = Assert.Single(after.Callbacks);
        Assert.Equal(Satisfaction.Dissatisfied, callback.Satisfaction);
        Assert.Equal(CallbackContact.Resident, callback.Contact);

        var added = after.Timeline.Skip(before.Timeline.Count).ToList();
        Assert.Collection(added,
            e => Assert.IsType<CallbackLogged>(e.Event),
            e => Assert.Equal(ProblemSource.Dissatisfied, Assert.IsType<CaseReopened>(e.Event).Source));
        Assert.All(added, e => Assert.Equal(after.Version, e.Version));
    }

    [Fact]
    public void A_dissatisfied_callback_uses_the_standard_defaults_when_the_unit_has_none()
    {
        var b = new CaseBuilder().ToResultSubmitted().Callback(Satisfaction.Dissatisfied);

        var problem = Assert.IsType<ProblemListEntry>(b.Case.Problem);
        Assert.Equal(ProblemDefaults.Standard.ResponsiblePerson, problem.ResponsiblePerson);
        Assert.Equal(Deadlines.DaysAfter(b.Now, ProblemDefaults.Standard.RectificationDays), problem.DueAt);
        Assert.Equal(30, ProblemDefaults.Standard.RectificationDays);
    }

    [Fact]
    public void A_closed_case_still_takes_callbacks_a_satisfied_one_keeps_it_closed()
    {
        var b = new CaseBuilder().ToClosed();
        var before = b.Case;
        b.Advance(TimeSpan.FromHours(1));

        var after = AssertAccepted(before, b.Try(CallbackAt(b.Now, Satisfaction.Satisfied, CallbackContact.Resident)));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.Equal(before.Closure, after.Closure);
        Assert.Null(after.Problem);
        Assert.Equal(2, after.Callbacks.Count);
    }

    [Fact]
    public void A_closed_case_still_takes_callbacks_an_unreachable_one_keeps_it_closed()
    {
        var b = new CaseBuilder().ToClosed();
        b.Advance(TimeSpan.FromHours(1));

        var after = AssertAccepted(b.Case, b.Try(CallbackAt(b.Now, Satisfaction.Unreachable)));

        Assert.Equal(CaseStatus.Closed, after.Status);
    }

    [Theory]
    [InlineData(ClosureKind.Final)]
    [InlineData(ClosureKind.Stage)]
    public void A_dissatisfied_callback_on_a_closed_case_reopens_it(ClosureKind kind)
    {
        var b = new CaseBuilder().ToReadyToClose();
        if (kind == ClosureKind.Final) b.Close(); else b.StageClose();
        b.Advance(TimeSpan.FromHours(1));

        var after = AssertAccepted(b.Case, b.Try(CallbackAt(b.Now, Satisfaction.Dissatisfied)));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        Assert.Equal(ProblemSource.Dissatisfied, after.Problem?.Source);
        Assert.Equal(Deadlines.DaysAfter(b.Now, ProblemDefaults.Standard.RectificationDays), after.DueAt);
        Assert.True(after.IsOpen);
    }

    // ---- stage closure -----------------------------------------------------------------------------------------

    [Fact]
    public void Stage_closure_needs_a_rectification_date_in_the_future()
    {
        var b = new CaseBuilder().ToReadyToClose();
        b.Advance(TimeSpan.FromHours(1));

        foreach (DateTimeOffset? due in new DateTimeOffset?[] { null, b.Now, b.Now.AddDays(-1) })
        {
            AssertRefused(b.Case, b.Try(new CloseCaseCommand(ClosureKind.Stage, "阶段性办结", due), CaseBuilder.Supervisor),
                Rules.StageClosureRequiresDueDate, ViolationKind.Invalid, "rectificationDueAt");
        }

        AssertAccepted(b.Case, b.Try(new CloseCaseCommand(ClosureKind.Stage, "阶段性办结", b.Now.AddMinutes(1)), CaseBuilder.Supervisor));
    }

    [Fact]
    public void Stage_closure_closes_the_case_and_keeps_it_on_the_problem_list()
    {
        var b = new CaseBuilder().ToReadyToClose();
        b.Advance(TimeSpan.FromHours(1));
        var rectificationDue = b.Now.AddDays(90);
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new CloseCaseCommand(ClosureKind.Stage, "整改持续推进", rectificationDue), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.False(after.IsOpen);
        Assert.False(after.IsFinallyClosed);
        var closure = Assert.IsType<Closure>(after.Closure);
        Assert.Equal(ClosureKind.Stage, closure.Kind);
        Assert.Equal(rectificationDue, closure.RectificationDueAt);
        Assert.True(closure.OnTime);
        Assert.Equal(before.DueAt, closure.DueAt);

        var problem = Assert.IsType<ProblemListEntry>(after.Problem);
        Assert.Equal(ProblemSource.StageClosure, problem.Source);
        Assert.Equal(rectificationDue, problem.DueAt);
        Assert.Equal(ProblemDefaults.Standard.ResponsiblePerson, problem.ResponsiblePerson);
        Assert.Equal("整改持续推进", problem.Target);

        Assert.Collection(after.Timeline.Skip(before.Timeline.Count),
            e => Assert.IsType<CaseClosed>(e.Event),
            e => Assert.IsType<ProblemEntryAdjusted>(e.Event));
    }

    [Fact]
    public void Stage_closure_of_a_reopened_case_keeps_its_problem_target_and_responsible_person()
    {
        var b = new CaseBuilder().ToClosed().Reopen(reason: "整改不到位", target: "彻底停产整治", person: "王局长").Visit().Result().Callback();
        var rectificationDue = b.Now.AddDays(100);

        b.StageClose(rectificationDue);

        var problem = Assert.IsType<ProblemListEntry>(b.Case.Problem);
        Assert.Equal(ProblemSource.StageClosure, problem.Source);
        Assert.Equal("整改不到位", problem.Reason);
        Assert.Equal("彻底停产整治", problem.Target);
        Assert.Equal("王局长", problem.ResponsiblePerson);
        Assert.Equal(rectificationDue, problem.DueAt);
    }

    [Fact]
    public void Final_closing_after_a_stage_closure_clears_the_problem_entry_and_keeps_the_on_time_verdict()
    {
        var b = new CaseBuilder().ToStageClosed();
        var stage = b.Case.Closure!;
        b.AdvanceDays(120); // well past every deadline
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(Final, CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.True(after.IsFinallyClosed);
        Assert.Null(after.Problem);
        var closure = Assert.IsType<Closure>(after.Closure);
        Assert.Equal(ClosureKind.Final, closure.Kind);
        Assert.Null(closure.RectificationDueAt);
        Assert.Equal(stage.OnTime, closure.OnTime);
        Assert.Equal(stage.DueAt, closure.DueAt);
        Assert.Equal(b.Now, closure.ClosedAt);
        Assert.Equal(before.Callbacks.Count, after.Callbacks.Count); // no new callback was needed
    }

    [Fact]
    public void Closing_records_whether_it_was_on_time()
    {
        var onTime = new CaseBuilder().ToClosed().Case.Closure!;
        Assert.True(onTime.OnTime);

        var late = new CaseBuilder().ToReadyToClose();
        late.AdvanceDays(61).Close();
        Assert.True(late.Now > late.Case.Closure!.DueAt);
        Assert.False(late.Case.Closure.OnTime);
    }

    // ---- extensions --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(31)]
    [InlineData(365)]
    public void Extension_must_be_1_to_30_days(int days)
    {
        var b = new CaseBuilder().ToInProgress();

        AssertRefused(b.Case, b.Try(new RequestExtensionCommand(days, "情况复杂")), Rules.ExtensionTooLong, ViolationKind.Invalid, "days");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public void Extension_of_1_to_30_days_is_requested(int days)
    {
        var b = new CaseBuilder().ToInProgress();

        var after = AssertAccepted(b.Case, b.Try(new RequestExtensionCommand(days, "情况复杂")));

        var extension = Assert.IsType<Extension>(after.Extension);
        Assert.Equal(ExtensionStatus.Pending, extension.Status);
        Assert.Equal(days, extension.Days);
        Assert.Equal(CaseBuilder.Handler.Id, extension.RequestedBy);
        Assert.Equal(b.Case.DueAt, after.DueAt); // nothing moves before approval
    }

    [Fact]
    public void A_pending_extension_blocks_a_second_request()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(10);

        AssertRefused(b.Case, b.Try(new RequestExtensionCommand(5, "再次申请")), Rules.ExtensionPending, ViolationKind.Conflict);
    }

    [Fact]
    public void A_refused_extension_allows_a_new_request()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(30).RefuseExtensionCommand("理由不充分");
        Assert.Equal(ExtensionStatus.Refused, b.Case.Extension?.Status);
        Assert.Equal("理由不充分", b.Case.Extension?.DecisionNote);

        var after = AssertAccepted(b.Case, b.Try(new RequestExtensionCommand(10, "补充理由")));

        Assert.Equal(ExtensionStatus.Pending, after.Extension?.Status);
        Assert.Equal(10, after.Extension?.Days);
    }

    [Fact]
    public void Only_one_extension_is_approved()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(10).ApproveExtensionCommand();

        AssertRefused(b.Case, b.Try(new RequestExtensionCommand(5, "再次申请")), Rules.ExtensionAlreadyUsed, ViolationKind.Conflict);
    }

    [Fact]
    public void Only_one_extension_even_after_a_reopen()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(10).ApproveExtensionCommand().Visit().Result().Callback().Close().Reopen();

        AssertRefused(b.Case, b.Try(new RequestExtensionCommand(5, "再次申请")), Rules.ExtensionAlreadyUsed, ViolationKind.Conflict);
    }

    [Fact]
    public void Only_one_extension_even_after_a_transfer()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(30).ApproveExtensionCommand().Transfer().Accept();

        AssertRefused(b.Case, b.Try(new RequestExtensionCommand(30, "再次申请")), Rules.ExtensionAlreadyUsed, ViolationKind.Conflict);
    }

    [Fact]
    public void Approval_extends_the_deadline_by_calendar_days()
    {
        var b = new CaseBuilder().ToInProgress().RequestExtensionCommand(30);
        var due = b.Case.DueAt!.Value;
        b.Advance(TimeSpan.FromHours(1));

        var after = AssertAccepted(b.Case, b.Try(new ApproveExtensionCommand(), CaseBuilder.Supervisor));

        var expected = ChinaTime.EndOfDay(ChinaTime.DateOf(due).AddDays(30));
        Assert.Equal(expected, after.DueAt);
        Assert.Equal(expected, after.HandlingDueAt);
        Assert.Equal(TimeSpan.FromDays(30), after.DueAt!.Value - due);
        var extension = Assert.IsType<Extension>(after.Extension);
        Assert.Equal(ExtensionStatus.Approved, extension.Status);
        Assert.Equal(CaseBuilder.Supervisor.Id, extension.DecidedBy);
        Assert.Equal(b.Now, extension.DecidedAt);
        Assert.Equal(expected, Assert.IsType<ExtensionApproved>(after.Timeline[^1].Event).NewDueAt);
    }

    [Fact]
    public void Approval_on_a_reopened_case_extends_the_problem_deadline()
    {
        var b = new CaseBuilder().ToReopened().RequestExtensionCommand(7);
        var problemDue = b.Case.Problem!.DueAt;
        var handlingDue = b.Case.HandlingDueAt;

        b.ApproveExtensionCommand();

        var expected = Deadlines.DaysAfter(problemDue, 7);
        Assert.Equal(expected, b.Case.DueAt);
        Assert.Equal(expected, b.Case.Problem!.DueAt);
        Assert.Equal(handlingDue, b.Case.HandlingDueAt);
    }

    [Fact]
    public void Approving_or_refusing_without_a_pending_request_is_refused()
    {
        var b = new CaseBuilder().ToInProgress();

        AssertRefused(b.Case, b.Try(new ApproveExtensionCommand(), CaseBuilder.Supervisor), Rules.NoPendingExtension, ViolationKind.Conflict);
        AssertRefused(b.Case, b.Try(new RefuseExtensionCommand("无"), CaseBuilder.Supervisor), Rules.NoPendingExtension, ViolationKind.Conflict);

        b.RequestExtensionCommand(5).ApproveExtensionCommand();
        AssertRefused(b.Case, b.Try(new ApproveExtensionCommand(), CaseBuilder.Supervisor), Rules.NoPendingExtension, ViolationKind.Conflict);
    }

    // ---- transfer ----------------------------------------------------------------------------------------------

    [Fact]
    public void Transfer_lands_the_case_assigned_at_the_new_unit_with_a_fresh_acceptance_deadline()
    {
        var b = new CaseBuilder().Register().Assign(CaseBuilder.LeadUnit, null, CaseBuilder.OtherUnit, CaseBuilder.CoUnit);
        b.AdvanceDays(20); // the first acceptance deadline has passed
        var before = b.Case;
        Assert.True(b.Now > before.AcceptanceDueAt);

        var after = AssertAccepted(before, b.Try(new TransferCaseCommand(CaseBuilder.OtherUnit, "属地管辖"), CaseBuilder.Intake));

        Assert.Equal(CaseStatus.Assigned, after.Status);
        Assert.Equal(CaseBuilder.OtherUnit, after.LeadUnit);
        Assert.Equal([CaseBuilder.CoUnit], after.CoUnits);
        var fresh = ChinaTime.EndOfDay(ChinaTime.DateOf(b.Now).AddDays(15));
        Assert.Equal(fresh, after.AcceptanceDueAt);
        Assert.Equal(fresh, after.DueAt);
        Assert.False(after.IsOverdue(b.Now));
        var transferred = Assert.IsType<CaseTransferred>(after.Timeline[^1].Event);
        Assert.Equal(CaseBuilder.LeadUnit, transferred.FromUnit);
        Assert.Equal(CaseBuilder.OtherUnit, transferred.ToUnit);
        Assert.Equal("属地管辖", transferred.Reason);
        Assert.Equal(fresh, transferred.AcceptanceDueAt);
    }

    [Fact]
    public void Transfer_of_a_case_in_progress_takes_back_its_acceptance()
    {
        var b = new CaseBuilder().ToInProgress().Transfer();

        Assert.Equal(CaseStatus.Assigned, b.Case.Status);
        Assert.Null(b.Case.AcceptedAt);
        Assert.Null(b.Case.HandlingDueAt);
        Assert.Equal(Deadlines.AcceptanceDue(b.Now), b.Case.DueAt);

        b.AdvanceDays(3).Accept();
        Assert.Equal(CaseStatus.InProgress, b.Case.Status);
        Assert.Equal(b.Now, b.Case.AcceptedAt);
        Assert.Equal(Deadlines.HandlingDue(b.Now, null), b.Case.HandlingDueAt);
    }

    [Fact]
    public void Transfer_to_the_same_unit_is_refused()
    {
        var b = new CaseBuilder().ToAssigned();

        AssertRefused(b.Case, b.Try(new TransferCaseCommand(CaseBuilder.LeadUnit, "误操作"), CaseBuilder.Intake), Rules.SameUnit, ViolationKind.Invalid, "toUnit");
    }

    // ---- repeats -----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ClosureKind.Final)]
    [InlineData(ClosureKind.Stage)]
    public void A_repeat_of_a_closed_case_marks_it_came_back_and_changes_nothing_else(ClosureKind kind)
    {
        var b = new CaseBuilder { Defaults = new ProblemDefaults("刘副局长", 20) }.ToReadyToClose();
        if (kind == ClosureKind.Final) b.Close(); else b.StageClose();
        b.Advance(TimeSpan.FromHours(1));
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new RecordRepeatCommand("XF-2024-000999"), Actor.System));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.Equal(before.Closure, after.Closure);
        Assert.Equal(before.Problem, after.Problem);
        Assert.Equal(before.DueAt, after.DueAt);
        Assert.Equal(before.ReopenCount, after.ReopenCount);
        Assert.Equal(["XF-2024-000999"], after.Repeats);
        Assert.Equal(["XF-2024-000999"], after.CameBackAfterClosing);
        var received = Assert.IsType<RepeatReceived>(Assert.Single(after.Timeline.Skip(before.Timeline.Count)).Event);
        Assert.True(received.AfterClosing);
    }

    [Fact]
    public void The_supervisor_lets_the_new_case_carry_the_matter_and_the_original_stays_closed()
    {
        var b = new CaseBuilder().ToClosed().RecordRepeatCommand("XF-2024-000999");
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new DecideRepeatCommand(RepeatDecision.NewCaseCarries, "新件已受理，由新件承办", null, null, null), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.Closed, after.Status);
        Assert.Equal(before.Closure, after.Closure);
        Assert.Empty(after.CameBackAfterClosing);
        Assert.Equal(RepeatDecision.NewCaseCarries, after.RepeatDecision);
        var decided = Assert.IsType<RepeatDecided>(Assert.Single(after.Timeline.Skip(before.Timeline.Count)).Event);
        Assert.Equal(["XF-2024-000999"], decided.RepeatCaseNos);

        // Decided once: a second decision has nothing to decide.
        b.Do(new DecideRepeatCommand(RepeatDecision.NewCaseCarries, "新件已受理，由新件承办", null, null, null), CaseBuilder.Supervisor);
        AssertRefused(b.Case, b.Try(new DecideRepeatCommand(RepeatDecision.NewCaseCarries, "再决定", null, null, null), CaseBuilder.Supervisor),
            Rules.NoRepeatAwaitingDecision, ViolationKind.Conflict);
    }

    [Fact]
    public void Reopening_the_original_needs_target_deadline_and_person_and_puts_the_decision_on_its_timeline()
    {
        var b = new CaseBuilder().ToClosed().RecordRepeatCommand("XF-2024-000999");
        var before = b.Case;
        AssertRefused(before, b.Try(new DecideRepeatCommand(RepeatDecision.ReopenOriginal, "同一事项", null, b.Now.AddDays(10), "王局长"), CaseBuilder.Supervisor),
            Rules.RepeatDecisionIncomplete, ViolationKind.Invalid, "target");
        AssertRefused(before, b.Try(new DecideRepeatCommand(RepeatDecision.ReopenOriginal, "同一事项", "整改", b.Now.AddDays(-1), "王局长"), CaseBuilder.Supervisor),
            Rules.DeadlineInPast, ViolationKind.Invalid, "dueAt");

        var after = AssertAccepted(before, b.Try(new DecideRepeatCommand(RepeatDecision.ReopenOriginal, "同一事项", "重新整改", b.Now.AddDays(10), "王局长"), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        Assert.Empty(after.CameBackAfterClosing);
        Assert.Equal(ProblemSource.Repeat, after.Problem!.Source);
        Assert.Equal("王局长", after.Problem.ResponsiblePerson);
        Assert.Collection(after.Timeline.Skip(before.Timeline.Count),
            e => Assert.Equal(RepeatDecision.ReopenOriginal, Assert.IsType<RepeatDecided>(e.Event).Decision),
            e => Assert.Equal(ProblemSource.Repeat, Assert.IsType<CaseReopened>(e.Event).Source));
    }

    [Fact]
    public void The_plain_reopen_of_a_closed_case_that_came_back_is_the_decision_to_reopen_the_original()
    {
        var b = new CaseBuilder().ToClosed().RecordRepeatCommand("XF-2024-000999");
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new ReopenCaseCommand("同一事项再次举报", "重新整改", b.Now.AddDays(10), "王局长"), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        Assert.Empty(after.CameBackAfterClosing);
        Assert.Equal(RepeatDecision.ReopenOriginal, after.RepeatDecision);
        Assert.IsType<RepeatDecided>(after.Timeline[before.Timeline.Count].Event);
    }

    [Fact]
    public void A_repeat_notes_the_decision_on_its_original_once()
    {
        var b = new CaseBuilder().Register().LinkRepeatCommand("XF-2023-000777");
        var before = b.Case;
        var noted = AssertAccepted(before, b.Try(new NoteRepeatDecisionCommand("XF-2023-000777", RepeatDecision.NewCaseCarries, "由新件承办"), Actor.System));
        Assert.Equal(RepeatDecision.NewCaseCarries, noted.RepeatDecision);

        b.Do(new NoteRepeatDecisionCommand("XF-2023-000777", RepeatDecision.NewCaseCarries, "由新件承办"), Actor.System);
        AssertUnchanged(b.Case, b.Try(new NoteRepeatDecisionCommand("XF-2023-000777", RepeatDecision.NewCaseCarries, "由新件承办"), Actor.System));
    }

    [Theory]
    [InlineData(CaseState.Registered)]
    [InlineData(CaseState.Assigned)]
    [InlineData(CaseState.InProgress)]
    [InlineData(CaseState.ResultSubmitted)]
    public void A_repeat_of_an_open_case_is_only_recorded(CaseState state)
    {
        var b = TransitionMatrixTests.Build(state, Prerequisite.None);
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new RecordRepeatCommand("XF-2024-000999"), Actor.System));

        Assert.Equal(before.Status, after.Status);
        Assert.Equal(["XF-2024-000999"], after.Repeats);
        Assert.Null(after.Problem);
        Assert.Equal(before.DueAt, after.DueAt);
        Assert.IsType<RepeatReceived>(Assert.Single(after.Timeline.Skip(before.Timeline.Count)).Event);
    }

    [Theory]
    [InlineData(CaseState.InProgress)]
    [InlineData(CaseState.ClosedFinal)]
    public void Recording_the_same_repeat_twice_changes_nothing(CaseState state)
    {
        var b = TransitionMatrixTests.Build(state, Prerequisite.None).RecordRepeatCommand("XF-2024-000999");
        var before = b.Case;

        var outcome = b.Try(new RecordRepeatCommand("XF-2024-000999"), Actor.System);

        AssertUnchanged(before, outcome);
        Assert.Same(Decision.AlreadyInEffect, outcome.Decision);
    }

    [Fact]
    public void Linking_is_idempotent_for_the_same_original_and_refused_for_another()
    {
        var b = new CaseBuilder().Register().LinkRepeatCommand("XF-2023-000777");
        Assert.Equal("XF-2023-000777", b.Case.RepeatOf);
        Assert.Equal(b.Now, b.Case.RepeatLinkedAt);

        AssertUnchanged(b.Case, b.Try(new LinkRepeatCommand("XF-2023-000777", null, true), CaseBuilder.Intake));
        AssertRefused(b.Case, b.Try(new LinkRepeatCommand("XF-2023-000123", null, false), CaseBuilder.Intake), Rules.AlreadyRepeat, ViolationKind.Conflict);
        AssertRefused(b.Case, b.Try(new LinkRepeatCommand(b.CaseNo, null, false), CaseBuilder.Intake), Rules.RepeatOfItself, ViolationKind.Invalid, "caseNo");
    }

    [Fact]
    public void Unlinking_a_case_that_is_no_repeat_is_refused_and_withdrawing_an_unknown_repeat_changes_nothing()
    {
        var b = new CaseBuilder().ToAssigned();

        AssertRefused(b.Case, b.Try(new UnlinkRepeatCommand("误关联"), CaseBuilder.Intake), Rules.NotARepeat, ViolationKind.Conflict);
        AssertUnchanged(b.Case, b.Try(new WithdrawRepeatCommand("XF-2024-000555"), Actor.System));
    }

    // ---- look-back ---------------------------------------------------------------------------------------------

    [Fact]
    public void A_failed_look_back_reopens_the_case()
    {
        var b = new CaseBuilder().ToClosed();
        b.Advance(TimeSpan.FromDays(90));
        var before = b.Case;

        var after = AssertAccepted(before, b.Try(new RecordLookBackCommand("LB-2024-07", false, "企业夜间偷排"), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        var problem = Assert.IsType<ProblemListEntry>(after.Problem);
        Assert.Equal(ProblemSource.LookBack, problem.Source);
        Assert.Contains("企业夜间偷排", problem.Reason);
        Assert.Equal(Deadlines.DaysAfter(b.Now, ProblemDefaults.Standard.RectificationDays), problem.DueAt);
        var review = Assert.Single(after.LookBacks);
        Assert.False(review.Held);
        Assert.Equal("LB-2024-07", review.ReviewId);
        Assert.Equal(CaseBuilder.Supervisor.Id, review.RecordedBy);
    }

    [Fact]
    public void A_look_back_that_held_keeps_the_case_closed_and_a_repeated_review_changes_nothing()
    {
        var b = new CaseBuilder().ToClosed().LookBack(held: true, reviewId: "LB-2024-07");
        Assert.Equal(CaseStatus.Closed, b.Case.Status);
        Assert.Null(b.Case.Problem);
        Assert.True(Assert.Single(b.Case.LookBacks).Held);

        AssertUnchanged(b.Case, b.Try(new RecordLookBackCommand("LB-2024-07", false, "同一次回头看重复提交"), CaseBuilder.Supervisor));
    }

    // ---- supervisor reopen and the problem list ------------------------------------------------------------------

    [Fact]
    public void A_supervisor_reopen_puts_the_case_on_the_problem_list_with_its_target_deadline_and_person()
    {
        var b = new CaseBuilder().ToClosed();
        b.Advance(TimeSpan.FromHours(1));
        var due = b.Now.AddDays(45);

        var after = AssertAccepted(b.Case, b.Try(new ReopenCaseCommand("群众再次反映", "完成除尘设施改造", due, "王局长"), CaseBuilder.Supervisor));

        Assert.Equal(CaseStatus.InProgress, after.Status);
        Assert.Equal(new ProblemListEntry(ProblemSource.Supervisor, "群众再次反映", "完成除尘设施改造", due, "王局长", b.Now), after.Problem);
        Assert.Equal(due, after.DueAt);
    }

    [Fact]
    public void Deadlines_set_by_people_must_be_in_the_future()
    {
        var b = new CaseBuilder().Register();
        AssertRefused(b.Case, b.Try(new AssignCaseCommand(CaseBuilder.LeadUnit, [], b.Now), CaseBuilder.Intake), Rules.DeadlineInPast, ViolationKind.Invalid, "dueAt");
        AssertRefused(b.Case, b.Try(new IssueSupervisionNoticeCommand("请加快", b.Now.AddDays(-1)), CaseBuilder.Supervisor), Rules.DeadlineInPast, ViolationKind.Invalid, "replyDueAt");

        b.Assign().Accept().Visit().Result();
        AssertRefused(b.Case, b.Try(new ReopenCaseCommand("r", "t", b.Now, "p"), CaseBuilder.Supervisor), Rules.DeadlineInPast, ViolationKind.Invalid, "dueAt");

        b.Reopen();
        AssertRefused(b.Case, b.Try(new AdjustProblemEntryCommand("t", b.Now.AddSeconds(-1), "p"), CaseBuilder.Supervisor), Rules.DeadlineInPast, ViolationKind.Invalid, "dueAt");
    }

    [Fact]
    public void Registering_with_an_assignment_due_in_the_past_is_refused_like_assigning()
    {
        var b = new CaseBuilder();
        var register = CaseBuilder.Registration(b.Now, new Assignment(CaseBuilder.LeadUnit, [], b.Now.AddDays(-1)));

        var (state, decision) = b.Try(register, CaseBuilder.Intake);

        Assert.Null(state);
        Assert.Equal(Rules.DeadlineInPast, decision.Violation?.Rule);
        Assert.Equal(ViolationKind.Invalid, decision.Violation?.Kind);
    }

    [Fact]
    public void Adjusting_the_problem_entry_keeps_its_source_and_opening()
    {
        var b = new CaseBuilder().ToResultSubmitted().Callback(Satisfaction.Dissatisfied);
        var entry = b.Case.Problem!;
        b.Advance(TimeSpan.FromHours(1));
        var due = b.Now.AddDays(40);

        var after = AssertAccepted(b.Case, b.Try(new AdjustProblemEntryCommand("新的整改目标", due, "赵处长"), CaseBuilder.Supervisor));

        Assert.Equal(entry with { Target = "新的整改目标", DueAt = due, ResponsiblePerson = "赵处长" }, after.Problem);
        Assert.Equal(due, after.DueAt);
    }

    // ---- dates of what happened ----------------------------------------------------------------------------------

    [Fact]
    public void A_site_visit_or_callback_cannot_be_dated_before_receipt_or_in_the_future()
    {
        var b = new CaseBuilder().ToInProgress();
        var received = b.Case.ReceivedAt;

        AssertRefused(b.Case, b.Try(new LogSiteVisitCommand(received.AddSeconds(-1), ["甲"], "f")), Rules.DateBeforeReceipt, ViolationKind.Invalid, "visitedAt");
        AssertRefused(b.Case, b.Try(new LogSiteVisitCommand(b.Now + PetitionRules.ClockSkew + TimeSpan.FromSeconds(1), ["甲"], "f")), Rules.DateInFuture, ViolationKind.Invalid, "visitedAt");
        AssertAccepted(b.Case, b.Try(new LogSiteVisitCommand(b.Now + PetitionRules.ClockSkew, ["甲"], "f"))); // clock skew tolerated
        AssertAccepted(b.Case, b.Try(new LogSiteVisitCommand(received, ["甲"], "f")));

        b.Visit().Result();
        AssertRefused(b.Case, b.Try(CallbackAt(received.AddMinutes(-1), Satisfaction.Satisfied)), Rules.DateBeforeReceipt, ViolationKind.Invalid, "calledAt");
        AssertRefused(b.Case, b.Try(CallbackAt(b.Now.AddHours(1), Satisfaction.Satisfied)), Rules.DateInFuture, ViolationKind.Invalid, "calledAt");
    }

    // ---- other refusals ------------------------------------------------------------------------------------------

    [Fact]
    public void Revealing_an_anonymous_complainant_is_refused()
    {
        var b = new CaseBuilder().Register(complainant: new Complainant(null, null, null, true, null));

        AssertRefused(b.Case, b.Try(new RevealComplainantCommand("核实举报内容"), CaseBuilder.Supervisor), Rules.NothingToReveal, ViolationKind.Conflict);
    }

    [Fact]
    public void Supervision_notices_are_answered_once()
    {
        var b = new CaseBuilder().ToInProgress().IssueNotice();
        Assert.Equal(1, Assert.Single(b.Case.SupervisionNotices).No);

        AssertRefused(b.Case, b.Try(new ReplySupervisionNoticeCommand(2, "答复")), Rules.NoticeNotFound, ViolationKind.Invalid, "noticeNo");
        b.Do(new ReplySupervisionNoticeCommand(1, "已加快办理"));
        var notice = Assert.Single(b.Case.SupervisionNotices);
        Assert.Equal("已加快办理", notice.Reply);
        Assert.Equal(CaseBuilder.Handler.Id, notice.RepliedBy);
        AssertRefused(b.Case, b.Try(new ReplySupervisionNoticeCommand(1, "再次答复")), Rules.NoticeAlreadyReplied, ViolationKind.Conflict);
    }

    [Fact]
    public void A_command_for_a_case_that_does_not_exist_is_refused_as_not_found()
    {
        var (state, decision) = PetitionRules.Handle(null, "XF-0", new AcceptCaseCommand(), CommandContext.For(CaseBuilder.Handler, CaseBuilder.DefaultStart));

        Assert.Null(state);
        Assert.Equal(Rules.CaseNotFound, decision.Violation?.Rule);
        Assert.Equal(ViolationKind.NotFound, decision.Violation?.Kind);
    }

    // ---- timeline and versions -----------------------------------------------------------------------------------

    [Fact]
    public void Every_accepted_command_is_one_version_with_its_entries_who_and_when()
    {
        var b = new CaseBuilder();
        var received = b.Now.AddHours(-3);
        var steps = new (CaseCommand Command, Actor Actor)[]
        {
            (CaseBuilder.Registration(received), CaseBuilder.Intake),
            (new IssueSupervisionNoticeCommand("尽快交办", null), CaseBuilder.Supervisor),
            (new AssignCaseCommand(CaseBuilder.LeadUnit, [CaseBuilder.CoUnit], null), CaseBuilder.Intake),
            (new AcceptCaseCommand(), CaseBuilder.Handler),
            (new RequestExtensionCommand(10, "需要监测"), CaseBuilder.Handler),
            (new ApproveExtensionCommand(), CaseBuilder.Supervisor),
            (new NameLeaderOwnerCommand("李四", "副市长"), CaseBuilder.Supervisor),
            (new LogSiteVisitCommand(b.Now.AddHours(8), ["甲"], "现场核查"), CaseBuilder.Handler),
            (new SubmitResultCommand(Verdict.PartlySubstantiated, "部分属实", "限期整改", "罚款一万元", "已整改"), CaseBuilder.Handler),
            (new LogCallbackCommand(b.Now.AddHours(10), CallbackMethod.Phone, CallbackContact.Complainant, Satisfaction.Dissatisfied, "仍有噪声"), CaseBuilder.Handler),
            (new SubmitResultCommand(Verdict.Substantiated, "属实", "停产整治", null, "已停产整治"), CaseBuilder.Handler),
            (new LogCallbackCommand(b.Now.AddHours(12), CallbackMethod.Sms, CallbackContact.Resident, Satisfaction.BasicallySatisfied, null), CaseBuilder.Handler),
            (new RevealComplainantCommand("核实举报内容"), CaseBuilder.Supervisor),
            (new CloseCaseCommand(ClosureKind.Stage, "阶段性办结", b.Now.AddDays(100)), CaseBuilder.Supervisor),
            (new RecordLookBackCommand("LB-1", true, "整改到位"), CaseBuilder.Supervisor),
            (new CloseCaseCommand(ClosureKind.Final, "验收销号", null), CaseBuilder.Supervisor),
        };

        var version = 0;
        foreach (var (command, actor) in steps)
        {
            b.Advance(TimeSpan.FromHours(1));
            var before = b.Current;
            b.DoNow(command, actor);
            var after = b.Case;
            var events = b.LastDecision!.Events;

            version++;
            Assert.Equal(version, after.Version);
            Assert.Equal((before?.Timeline.Count ?? 0) + events.Count, after.Timeline.Count);
            var added = after.Timeline.Skip(before?.Timeline.Count ?? 0).ToList();
            Assert.Equal(events, added.Select(e => e.Event).ToList());
            Assert.All(added, e =>
            {
                Assert.Equal(version, e.Version);
                Assert.Equal(actor, e.Actor);
                Assert.Equal(b.Now, e.At);
            });
            // Earlier entries are never edited.
            if (before is not null) Assert.Equal(before.Timeline, after.Timeline.Take(before.Timeline.Count));
        }

        var timeline = b.Case.Timeline;
        Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e.Seq));
        Assert.True(timeline.Count > steps.Length); // the dissatisfied callback and the stage closure add two entries each
        Assert.Equal(steps.Length, timeline.Select(e => e.Version).Distinct().Count());
        Assert.Equal(timeline.OrderBy(e => e.At).ThenBy(e => e.Seq), timeline);
        Assert.True(b.Case.IsFinallyClosed);
    }

    [Fact]
    public void Registration_with_an_assignment_is_one_version_with_two_entries()
    {
        var b = new CaseBuilder().Register(assignment: new Assignment(CaseBuilder.LeadUnit, [CaseBuilder.LeadUnit, CaseBuilder.CoUnit, CaseBuilder.CoUnit], null));

        Assert.Equal(1, b.Case.Version);
        Assert.Equal(CaseStatus.Assigned, b.Case.Status);
        Assert.Equal([CaseBuilder.CoUnit], b.Case.CoUnits);
        Assert.Collection(b.Case.Timeline,
            e => { Assert.Equal((1, 1), (e.Seq, e.Version)); Assert.IsType<CaseRegistered>(e.Event); Assert.Equal(CaseBuilder.Intake, e.Actor); },
            e => { Assert.Equal((2, 1), (e.Seq, e.Version)); Assert.IsType<CaseAssigned>(e.Event); Assert.Equal(CaseBuilder.Intake, e.Actor); });
        Assert.Equal(CaseBuilder.Intake.Id, b.Case.RegisteredBy);
        Assert.Equal(b.Now, b.Case.RegisteredAt);
    }

    [Fact]
    public void Registering_an_existing_case_again_changes_nothing()
    {
        var b = new CaseBuilder().ToInProgress();

        AssertUnchanged(b.Case, b.Try(CaseBuilder.Registration(b.Now), CaseBuilder.Intake));
    }

    [Fact]
    public void A_refused_command_leaves_version_and_timeline_alone_and_the_next_accepted_one_adds_exactly_one_version()
    {
        var b = new CaseBuilder().ToResultSubmitted();
        var before = b.Case;

        AssertRefused(before, b.Try(Final, CaseBuilder.Supervisor), Rules.CloseRequiresCallback, ViolationKind.Conflict);
        AssertRefused(before, b.Try(new AcceptCaseCommand()), Rules.TransitionNotAllowed, ViolationKind.Conflict);

        b.Callback().Close();
        Assert.Equal(before.Version + 2, b.Case.Version);
    }
}
