using Petitions.Demo;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;
using Petitions.Domain.Units;

namespace Petitions.Host.Tests.Features.Demo;

/// <summary>
/// The demo plan checked without a host. The counts are not read off the plan: every planned case is replayed through
/// the pure domain (registration, repeat links, its steps) and the resulting case states are counted against the
/// configured <see cref="DemoSize"/>, for the report's size and for other sizes.
/// </summary>
public sealed class DemoPlanTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 30);
    private static readonly DemoPlan Plan = DemoPlan.Build(DemoSize.Report, Anchor);
    private static readonly Lazy<PetitionCase[]> ReportStates = new(() => Replay(Plan));

    private static IEnumerable<PlannedCase> Round(string? code) => Plan.Cases.Where(c => c.RoundCode == code);

    public static TheoryData<int, int, int, int, int> Sizes => new()
    {
        { DemoSize.Report.Round1Cases, DemoSize.Report.Round1Closed, DemoSize.Report.Round2Cases, DemoSize.Report.Round2Closed, DemoSize.Report.RoutineCases },
        { 61, 44, 200, 197, 60 },
        { 7, 7, 3, 0, 13 },
        { 0, 0, 40, 1, 0 },
    };

    /// <summary>
    /// Every planned case, run through the pure domain exactly as the loader sends it (registration, automatic repeat
    /// links, then its steps), ends in its planned state; counted from those states, each round has the configured
    /// number of cases and of closed ones, and the routine complaints are the configured number.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sizes))]
    public void Replayed_through_the_domain_the_plan_has_the_configured_cases_and_closures(int round1, int round1Closed, int round2, int round2Closed, int routine)
    {
        var size = new DemoSize { Round1Cases = round1, Round1Closed = round1Closed, Round2Cases = round2, Round2Closed = round2Closed, RoutineCases = routine };
        var plan = size == DemoSize.Report ? Plan : DemoPlan.Build(size, Anchor);
        var states = size == DemoSize.Report ? ReportStates.Value : Replay(plan);

        int Count(string? round, Func<PetitionCase, bool> where) => states.Count(s => s.RoundCode == round && where(s));
        Assert.Equal(round1, Count(DemoPlan.Round1, s => s.Status != CaseStatus.NotAccepted));
        Assert.Equal(round1Closed, Count(DemoPlan.Round1, s => s.Status == CaseStatus.Closed));
        Assert.Equal(round2, Count(DemoPlan.Round2, s => s.Status != CaseStatus.NotAccepted));
        Assert.Equal(round2Closed, Count(DemoPlan.Round2, s => s.Status == CaseStatus.Closed));
        Assert.Equal(routine, Count(null, _ => true));
        Assert.Equal(0, states.Count(s => s.RoundCode is not null && s.Status == CaseStatus.NotAccepted));
        Assert.All(states.Where(s => s.RoundCode == DemoPlan.Round2), s => Assert.Equal(DemoPlan.Round2HandlingDays, s.RoundHandlingDays));
        Assert.All(states.Where(s => s.Status == CaseStatus.NotAccepted), s => Assert.False(string.IsNullOrWhiteSpace(s.NotAcceptedReason)));
    }

    [Fact]
    public void Replayed_cases_carry_what_the_plan_decided_for_them()
    {
        var states = ReportStates.Value;
        foreach (var c in Plan.Cases)
        {
            var state = states[c.Index];
            Assert.Equal(c.Fate.Status(), state.Status);
            if (c.Fate == DemoFate.ClosedStage) Assert.Equal(ClosureKind.Stage, state.Closure!.Kind);
            if (c.Fate == DemoFate.ClosedFinal) Assert.Equal(ClosureKind.Final, state.Closure!.Kind);
            if (c.Fate == DemoFate.Reopened) Assert.Equal(ProblemSource.Dissatisfied, state.Problem!.Source);
            Assert.Equal(c.Verdict, state.Result?.Verdict);
            Assert.Equal(c.RepeatOf is { } original ? CaseNo(Plan.Cases[original]) : null, state.RepeatOf);
            Assert.Equal(c.Leader?.Name, state.Leader?.Name);
            Assert.Equal(c.Supervision > 0, state.SupervisionNotices.Count > 0);
        }

        // Every kind of case the dashboard and the problem list show is there.
        Assert.Contains(states, s => s.Closure?.Kind == ClosureKind.Stage);
        Assert.Contains(states, s => s.Status == CaseStatus.Closed && s.ReopenCount > 0);
        Assert.Contains(states, s => s.Status == CaseStatus.Closed && s.Extension is not null);
        Assert.Contains(states, s => s.Extension is not null && s.Status == CaseStatus.InProgress);
        Assert.Contains(states, s => s.CoUnits.Count > 0);
        Assert.Contains(states, s => s.Complainant is { Anonymous: true });
        Assert.Contains(states, s => s.Repeats.Count > 0);
        foreach (var status in Enum.GetValues<CaseStatus>()) Assert.Contains(states, s => s.Status == status);
    }

    [Fact]
    public void Every_planned_repeat_is_the_same_matter_as_its_original_by_the_repeat_rule()
    {
        var repeats = Plan.Cases.Where(c => c.RepeatOf is not null).ToList();
        Assert.NotEmpty(repeats);
        Assert.All(repeats, r =>
        {
            var o = Plan.Cases[r.RepeatOf!.Value];
            Assert.Equal(SubjectKey.For(o.RegionCode, o.Target), SubjectKey.For(r.RegionCode, r.Target));
            // The original as the subject grain would gather it: open when the repeat arrives (the loader registers all first).
            var original = new RepeatCandidateFacts($"XF{o.Index:D9}", CaseStatus.Assigned, o.ReceivedAt, null, o.Categories, null, SameTarget: true);
            var outcome = RepeatPolicy.Decide(new RepeatComplaint(r.ReceivedAt, r.Categories), [original]);
            Assert.Equal(original.CaseNo, outcome.LinkTo);
        });
    }

    [Fact]
    public void Rounds_hand_over_in_numbered_daily_batches_and_every_case_arrives_on_its_batch_day()
    {
        foreach (var round in Plan.Rounds)
        {
            Assert.Equal(Enumerable.Range(1, round.Batches.Count), round.Batches.Select(b => b.BatchNo));
            Assert.All(round.Batches.Zip(round.Batches.Skip(1)), pair => Assert.Equal(pair.First.HandedOverOn.AddDays(1), pair.Second.HandedOverOn));
            Assert.All(round.Batches, b => Assert.Equal($"第{DemoPlan.ChineseNumber(b.BatchNo)}批", b.Note));
            Assert.All(Round(round.Code), c => Assert.Equal(round.Batches[c.BatchNo!.Value - 1].HandedOverOn, ChinaTime.DateOf(c.ReceivedAt)));
            Assert.All(round.Batches, b => Assert.Contains(Round(round.Code), c => c.BatchNo == b.BatchNo));
            Assert.Equal(Enumerable.Range(1, Round(round.Code).Count()).Select(i => $"{round.Code}-{i:D4}"), Round(round.Code).Select(c => c.ExternalRef));
        }

        Assert.Equal(["一", "九", "十", "十一", "二十", "二十一", "二十八"], new[] { 1, 9, 10, 11, 20, 21, 28 }.Select(DemoPlan.ChineseNumber));
    }

    [Fact]
    public void Cases_spread_over_every_prefecture_and_division_with_air_and_noise_most_common()
    {
        var units = UnitCatalog.Seed.Where(u => u.Kind is UnitKind.Prefecture or UnitKind.Division).Select(u => u.Code).Order().ToList();
        Assert.Equal(units, Plan.Cases.Select(c => c.RegionCode).Distinct().Order());

        // The order of the 12369 bulletins: air, then noise, then water, solid waste, ecology, radiation.
        var byCategory = Enum.GetValues<Category>().ToDictionary(k => k, k => Plan.Cases.Count(c => c.Categories.Contains(k)));
        Assert.Equal([Category.Air, Category.Noise, Category.Water, Category.SolidWaste, Category.Ecology, Category.Radiation],
            byCategory.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Select(p => p.Key));
        Assert.Contains(Plan.Cases, c => c.Categories.Count > 1);
        Assert.All(Plan.Cases.Where(c => c.RoundCode is not null), c => Assert.Equal(Channel.InspectionHandover, c.Channel));
        Assert.All(Round(null), c => Assert.NotEqual(Channel.InspectionHandover, c.Channel));
    }

    [Fact]
    public void Every_answer_follows_a_site_visit_and_substantiated_verdicts_are_the_most_common()
    {
        var states = ReportStates.Value;
        var answered = states.Where(s => s.Result is not null).ToList();
        Assert.All(answered, s => Assert.NotEmpty(s.SiteVisits));
        Assert.All(answered, s => Assert.True(s.SiteVisits.Min(v => v.LoggedAt) < s.Results.Min(r => r.SubmittedAt), s.CaseNo));
        var byVerdict = answered.GroupBy(s => s.Result!.Verdict).OrderByDescending(g => g.Count()).Select(g => g.Key);
        Assert.Equal([Verdict.Substantiated, Verdict.PartlySubstantiated, Verdict.Unsubstantiated], byVerdict);
    }

    [Fact]
    public void Repeats_name_their_original_differently_but_with_the_same_subject_and_nothing_else_repeats_by_accident()
    {
        var repeats = Plan.Cases.Where(c => c.RepeatOf is not null).ToList();
        Assert.NotEmpty(repeats);
        foreach (var repeat in repeats)
        {
            var original = Plan.Cases[repeat.RepeatOf!.Value];
            Assert.NotEqual(original.Target, repeat.Target);
            Assert.Equal(SubjectKey.For(original.RegionCode, original.Target), SubjectKey.For(repeat.RegionCode, repeat.Target));
            Assert.Equal(original.RoundCode, repeat.RoundCode);
            Assert.Null(original.RepeatOf);
            Assert.True(original.ReceivedAt <= repeat.ReceivedAt);
            Assert.NotEqual(DemoFate.NotAccepted, original.Fate);
        }

        var subjects = Plan.Cases.Where(c => c.RepeatOf is null).Select(c => SubjectKey.For(c.RegionCode, c.Target)).ToList();
        Assert.Equal(subjects.Count, subjects.Distinct().Count());
    }

    [Fact]
    public void The_plan_is_the_same_on_every_machine_and_overdue_cases_are_old_unaccepted_ones()
    {
        static string Digest(DemoPlan plan) => string.Join('\n', plan.Cases.Select(c =>
            $"{c.ExternalRef}|{c.RegionCode}|{c.Target}|{c.ReceivedAt:O}|{c.Fate}|{c.Verdict}|{c.RepeatOf}|{string.Join(',', c.Categories)}|{c.Dissatisfied}|{c.Supervision}|{c.Leader}"));
        Assert.Equal(Digest(Plan), Digest(DemoPlan.Build(DemoSize.Report, Anchor)));

        var now = ChinaTime.StartOfDay(Anchor).AddHours(12);
        var waiting = Plan.Cases.Where(c => c.Fate == DemoFate.AwaitingAcceptance).ToList();
        Assert.Contains(waiting, c => Deadlines.AcceptanceDue(c.ReceivedAt) < now);
        Assert.Contains(waiting, c => Deadlines.AcceptanceDue(c.ReceivedAt) > now);
        Assert.All(Plan.Cases, c => Assert.True(c.ReceivedAt < now));
    }

    private static string CaseNo(PlannedCase c) => $"XF{c.Index:D9}";

    /// <summary>
    /// The plan's cases as the loader sends them: each case's dated history through <see cref="CaseHistoryReplay"/>
    /// (originals first, then repeats, each repeat then told to its original); a refusal fails the test.
    /// </summary>
    private static PetitionCase[] Replay(DemoPlan plan) => Replay(plan, ChinaTime.StartOfDay(plan.Anchor).AddHours(12));

    private static PetitionCase[] Replay(DemoPlan plan, DateTimeOffset now)
    {
        var states = new PetitionCase?[plan.Cases.Count];
        foreach (var c in plan.Cases.Where(c => c.RepeatOf is null).Concat(plan.Cases.Where(c => c.RepeatOf is not null)))
        {
            var original = c.RepeatOf is { } o ? CaseNo(plan.Cases[o]) : null;
            var history = DemoScript.HistoryFor(c, DemoLoader.Registration(c, null), original, now);
            var (state, _, refusal) = CaseHistoryReplay.Replay(CaseNo(c), history, DemoActors.Loader, now, ProblemDefaults.Standard);
            Assert.True(refusal is null, $"{c.ExternalRef} step {refusal?.Step} {refusal?.Kind}: {refusal?.Violation.Message}");
            states[c.Index] = state;
            if (c.RepeatOf is { } originalIndex)
            {
                var (next, decision) = PetitionRules.Handle(states[originalIndex], original!, new RecordRepeatCommand(CaseNo(c), state!.RepeatLinkedAt), CommandContext.For(Actor.System, now));
                Assert.False(decision.IsRefused, $"{c.ExternalRef} record repeat: {decision.Violation?.Message}");
                states[originalIndex] = next;
            }
        }

        return states.Select(s => s!).ToArray();
    }

    /// <summary>
    /// Timelines that look like real work: in order, from the receipt, nothing after now; accepted within days of receipt,
    /// visits after acceptance, results before callbacks; closings spread over the round's months, some late.
    /// </summary>
    [Fact]
    public void Every_demo_timeline_is_chronological_starts_at_its_receipt_and_ends_by_now()
    {
        var now = ChinaTime.StartOfDay(Anchor).AddHours(12);
        foreach (var state in ReportStates.Value)
        {
            var work = state.Timeline.Where(e => e.Event is not HistoryImported and not RepeatReceived).ToList();
            Assert.Equal(state.ReceivedAt, state.Timeline[0].At);
            Assert.Equal(work.Select(e => e.At).Order(), work.Select(e => e.At));
            Assert.All(state.Timeline, e => Assert.True(e.At <= now, $"{state.CaseNo}: {e.Event.GetType().Name} at {e.At:O}"));
            if (state.AcceptedAt is { } accepted) Assert.True(accepted - state.ReceivedAt < TimeSpan.FromDays(4), state.CaseNo);
            Assert.All(state.SiteVisits, v => Assert.True(v.VisitedAt >= state.AcceptedAt, state.CaseNo));
            foreach (var callback in state.Callbacks) Assert.True(callback.CalledAt >= state.Results[callback.ResultNo - 1].SubmittedAt, state.CaseNo);
        }

        var closed = ReportStates.Value.Where(s => s.Status == CaseStatus.Closed).ToList();
        var onTime = closed.Count(s => s.Closure!.OnTime) / (double)closed.Count;
        Assert.InRange(onTime, 0.8, 0.99);
        foreach (var round in new[] { DemoPlan.Round1, DemoPlan.Round2 })
        {
            // Closed over weeks, not in one afternoon: the round's closings fall in many different weeks.
            var weeks = closed.Where(s => s.RoundCode == round).Select(s => ChinaTime.DateOf(s.Closure!.ClosedAt).DayNumber / 7).Distinct().Count();
            Assert.True(weeks >= 3, $"{round}: closings in {weeks} weeks");
        }

        Assert.Contains(closed, s => s.ReopenCount > 0);
        Assert.Contains(closed, s => s.Extension is { Status: ExtensionStatus.Approved });
    }
}
