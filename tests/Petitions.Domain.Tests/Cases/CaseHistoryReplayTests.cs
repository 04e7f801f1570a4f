using Petitions.Domain.Cases;

namespace Petitions.Domain.Tests.Cases;

/// <summary>
/// A case's past replayed through the rules at its own dates (<see cref="CaseHistoryReplay"/>): the timeline carries the
/// dates given, deadlines and on-time follow from them, and a history the rules would refuse live is refused at its step
/// with the rule, writing nothing.
/// </summary>
public sealed class CaseHistoryReplayTests
{
    private static readonly DateTimeOffset Received = CaseBuilder.DefaultStart;
    private static readonly DateTimeOffset Now = Received.AddDays(400);
    private static readonly Actor Importer = new("admin", "管理员");

    private static HistoryStep Step(double days, CaseCommand command) => new(Received.AddDays(days), CaseBuilder.Handler, command);

    private static HistoryStep Register() =>
        new(Received, CaseBuilder.Intake, CaseBuilder.Registration(Received, new Assignment(CaseBuilder.LeadUnit, [], null), null, null));

    private static List<HistoryStep> Closed(double closedAfterDays, Verdict verdict = Verdict.Substantiated, bool visit = true, bool callback = true)
    {
        var steps = new List<HistoryStep> { Register(), Step(1, new AcceptCaseCommand()) };
        if (visit) steps.Add(Step(3, new LogSiteVisitCommand(Received.AddDays(3), ["张检查"], "现场核查")));
        steps.Add(Step(closedAfterDays - 3, new SubmitResultCommand(verdict, "核查", "整改", null, "已整改")));
        if (callback) steps.Add(Step(closedAfterDays - 1, new LogCallbackCommand(Received.AddDays(closedAfterDays - 1), CallbackMethod.Phone, CallbackContact.Complainant, Satisfaction.Satisfied, null)));
        steps.Add(Step(closedAfterDays, new CloseCaseCommand(ClosureKind.Final, null, null)));
        return steps;
    }

    private static (PetitionCase? State, HistoryRefusal? Refusal) Replay(List<HistoryStep> steps)
    {
        var (state, _, refusal) = CaseHistoryReplay.Replay("XF-2024-000001", new CaseHistory(steps, "旧台账.xlsx"), Importer, Now, ProblemDefaults.Standard);
        return (state, refusal);
    }

    [Fact]
    public void Every_step_is_on_the_timeline_at_its_own_date_and_the_import_is_marked_by_whom_when_and_from_where()
    {
        var steps = Closed(20);
        var (state, refusal) = Replay(steps);
        Assert.Null(refusal);
        Assert.Equal(CaseStatus.Closed, state!.Status);
        var work = state.Timeline.Where(e => e.Event is not HistoryImported).ToList();
        Assert.Equal(steps.Select(s => s.At.ToUniversalTime()).Prepend(Received.ToUniversalTime()).Distinct(), work.Select(e => e.At).Distinct());
        Assert.Equal(Received.AddDays(1).ToUniversalTime(), state.AcceptedAt);
        Assert.Equal(Deadlines.HandlingDue(Received.AddDays(1), null), state.HandlingDueAt);
        var imported = state.Timeline[^1];
        Assert.Equal(new HistoryImported("旧台账.xlsx", steps.Count), imported.Event);
        Assert.Equal((Importer, Now.ToUniversalTime()), (imported.Actor, imported.At));
    }

    [Fact]
    public void On_time_is_computed_from_the_dates_given()
    {
        Assert.True(Replay(Closed(61)).State!.Closure!.OnTime);
        Assert.False(Replay(Closed(63)).State!.Closure!.OnTime);
    }

    [Fact]
    public void A_history_closed_without_callback_or_unsubstantiated_without_visit_is_refused_at_its_step()
    {
        var (state, refusal) = Replay(Closed(20, callback: false));
        Assert.Null(state);
        Assert.Equal((4, CaseCommandKind.Close, Rules.CloseRequiresCallback), (refusal!.Step, refusal.Kind, refusal.Violation.Rule));

        (state, refusal) = Replay(Closed(20, Verdict.Unsubstantiated, visit: false));
        Assert.Null(state);
        Assert.Equal((2, CaseCommandKind.Result, Rules.UnsubstantiatedRequiresSiteVisit), (refusal!.Step, refusal.Kind, refusal.Violation.Rule));
    }

    [Fact]
    public void Out_of_order_future_and_pre_receipt_dates_and_a_history_without_registration_are_refused()
    {
        var steps = Closed(20);
        (steps[2], steps[3]) = (steps[3], steps[2]);
        Assert.Equal((3, Rules.HistoryOutOfOrder), (Replay(steps).Refusal!.Step, Replay(steps).Refusal!.Violation.Rule));

        var future = Closed(20);
        future[^1] = new(Now.AddDays(2), CaseBuilder.Supervisor, new CloseCaseCommand(ClosureKind.Final, null, null));
        Assert.Equal((5, Rules.DateInFuture), (Replay(future).Refusal!.Step, Replay(future).Refusal!.Violation.Rule));

        var early = Closed(20);
        early[1] = new(Received.AddDays(-1), CaseBuilder.Handler, new AcceptCaseCommand());
        Assert.Equal(Rules.HistoryOutOfOrder, Replay(early).Refusal!.Violation.Rule);

        Assert.Equal((0, Rules.HistoryStartsWithRegistration), (Replay(Closed(20).Skip(1).ToList()).Refusal!.Step, Replay(Closed(20).Skip(1).ToList()).Refusal!.Violation.Rule));
    }

    [Fact]
    public void A_repeat_linked_before_its_original_closed_does_not_mark_the_original_as_come_back()
    {
        var original = Replay(Closed(20)).State!;
        var closedAt = original.Closure!.ClosedAt;
        var before = PetitionRules.Decide(original, new RecordRepeatCommand("XF-2024-000002", closedAt.AddDays(-5)), CommandContext.For(Actor.System, Now));
        Assert.Equal(new RepeatReceived("XF-2024-000002", AfterClosing: false), Assert.Single(before.Events));
        var after = PetitionRules.Decide(original, new RecordRepeatCommand("XF-2024-000002", closedAt.AddDays(5)), CommandContext.For(Actor.System, Now));
        Assert.Equal(new RepeatReceived("XF-2024-000002", AfterClosing: true), Assert.Single(after.Events));
        var live = PetitionRules.Decide(original, new RecordRepeatCommand("XF-2024-000002"), CommandContext.For(Actor.System, Now));
        Assert.Equal(new RepeatReceived("XF-2024-000002", AfterClosing: true), Assert.Single(live.Events));
    }
}
