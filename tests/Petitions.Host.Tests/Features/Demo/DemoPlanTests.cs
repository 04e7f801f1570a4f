using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;
using Petitions.Domain.Units;
using Petitions.Host.Demo;

namespace Petitions.Host.Tests.Features.Demo;

/// <summary>The report's plan (2905/2094, 98.5%), checked without a host: its arithmetic, its shapes, and a dry run through the pure domain.</summary>
public sealed class DemoPlanTests
{
    private static readonly DateOnly Anchor = new(2026, 11, 30);
    private static readonly DemoPlan Plan = DemoPlan.Build(DemoSize.Report, Anchor);

    private static IEnumerable<PlannedCase> Round(string? code) => Plan.Cases.Where(c => c.RoundCode == code);

    [Fact]
    public void Round_one_hands_over_2905_cases_and_closes_2094_and_round_two_closes_exactly_98_5_percent()
    {
        var round1 = Round(DemoPlan.Round1).Where(c => c.Fate != DemoFate.NotAccepted).ToList();
        var round2 = Round(DemoPlan.Round2).Where(c => c.Fate != DemoFate.NotAccepted).ToList();
        Assert.Equal(2905, round1.Count);
        Assert.Equal(2094, round1.Count(c => c.Fate.Status() == CaseStatus.Closed));
        Assert.Equal(72.1m, Math.Round(2094m / 2905m * 100, 1));
        Assert.Equal(0.985m, (decimal)round2.Count(c => c.Fate.Status() == CaseStatus.Closed) / round2.Count);
        Assert.All(Plan.Cases.Where(c => c.RoundCode is not null), c => Assert.NotEqual(DemoFate.NotAccepted, c.Fate));
        Assert.Equal(2905 + 1200 + 500, Plan.Cases.Count);

        // Stage closures count as closed, and some cases of both rounds are still open in every open state.
        Assert.Contains(round1, c => c.Fate == DemoFate.ClosedStage);
        foreach (var fate in new[] { DemoFate.AwaitingAcceptance, DemoFate.InProgress, DemoFate.ExtensionPending, DemoFate.ResultSubmitted, DemoFate.Reopened })
        {
            Assert.Contains(round1, c => c.Fate == fate);
        }
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
    public void Rounds_hand_over_in_numbered_daily_batches_and_round_two_wants_results_within_ten_days()
    {
        var round1 = Plan.Rounds.Single(r => r.Code == DemoPlan.Round1);
        var round2 = Plan.Rounds.Single(r => r.Code == DemoPlan.Round2);
        Assert.Equal("第一轮中央生态环境保护督察", round1.Name);
        Assert.Equal(10, round2.HandlingDays);
        Assert.All(Round(DemoPlan.Round2), c => Assert.Equal(10, c.RoundHandlingDays));
        foreach (var round in Plan.Rounds)
        {
            Assert.Equal(Enumerable.Range(1, round.Batches.Count), round.Batches.Select(b => b.BatchNo));
            Assert.All(round.Batches.Zip(round.Batches.Skip(1)), pair => Assert.Equal(pair.First.HandedOverOn.AddDays(1), pair.Second.HandedOverOn));
            Assert.Equal("第一批", round.Batches[0].Note);
            Assert.All(Round(round.Code), c => Assert.Equal(round.Batches[c.BatchNo!.Value - 1].HandedOverOn, ChinaTime.DateOf(c.ReceivedAt)));
            Assert.All(round.Batches, b => Assert.Contains(Round(round.Code), c => c.BatchNo == b.BatchNo));
        }

        Assert.Equal("第十批", round1.Batches[9].Note);
        Assert.Equal("第二十一批", round1.Batches[20].Note);
        Assert.Equal(Enumerable.Range(1, 2905).Select(i => $"R1-{i:D4}"), Round(DemoPlan.Round1).Select(c => c.ExternalRef));
    }

    [Fact]
    public void Cases_spread_over_all_28_units_with_the_categories_and_channels_of_real_complaints()
    {
        var units = UnitCatalog.Seed.Where(u => u.Kind is UnitKind.Prefecture or UnitKind.Division).Select(u => u.Code).ToHashSet();
        Assert.Equal(28, units.Count);
        Assert.Equal(units.Order(), Plan.Cases.Select(c => c.RegionCode).Distinct().Order());
        Assert.All(Plan.Cases, c => Assert.Contains(c.RegionCode, units));

        double Share(Category category) => Plan.Cases.Count(c => c.Categories.Contains(category)) / (double)Plan.Cases.Count;
        Assert.InRange(Share(Category.Air), 0.45, 0.60);
        Assert.InRange(Share(Category.Noise), 0.30, 0.54);
        Assert.InRange(Share(Category.Water), 0.13, 0.18);
        Assert.InRange(Share(Category.SolidWaste), 0.06, 0.11);
        Assert.InRange(Share(Category.Ecology), 0.02, 0.04);
        Assert.InRange(Share(Category.Radiation), 0.005, 0.02);
        Assert.Contains(Plan.Cases, c => c.Categories.Count > 1);

        var routine = Round(null).ToList();
        Assert.Equal(500, routine.Count);
        Assert.Equal(100, routine.Count(c => c.Fate == DemoFate.NotAccepted));
        Assert.All(routine.Where(c => c.Fate == DemoFate.NotAccepted), c => Assert.False(string.IsNullOrWhiteSpace(c.NotAcceptedReason)));
        Assert.Equal(225, routine.Count(c => c.Channel == Channel.Hotline));
        Assert.Equal(225, routine.Count(c => c.Channel == Channel.Online));
        Assert.Equal(50, routine.Count(c => c.Channel is Channel.Letter or Channel.Visit));
        Assert.All(Plan.Cases.Where(c => c.RoundCode is not null), c => Assert.Equal(Channel.InspectionHandover, c.Channel));
    }

    [Fact]
    public void Verdicts_are_mostly_substantiated_and_cases_carry_leaders_supervision_extensions_and_dissatisfied_callbacks()
    {
        var answered = Plan.Cases.Where(c => c.Fate.HasResult()).ToList();
        double Share(Verdict verdict) => answered.Count(c => c.Verdict == verdict) / (double)answered.Count;
        Assert.InRange(Share(Verdict.Substantiated), 0.59, 0.61);
        Assert.InRange(Share(Verdict.PartlySubstantiated), 0.24, 0.26);
        Assert.InRange(Share(Verdict.Unsubstantiated), 0.14, 0.16);
        Assert.All(Plan.Cases.Where(c => !c.Fate.HasResult()), c => Assert.Null(c.Verdict));

        // "Unsubstantiated" only after a site visit (the report's lesson), and so is every other answer.
        foreach (var c in answered)
        {
            var names = DemoScript.StepsFor(c).Select(s => s.Name).ToList();
            Assert.True(names.IndexOf("visit-1") >= 0 && names.IndexOf("visit-1") < names.IndexOf("result-1"), c.ExternalRef);
        }

        Assert.Contains(Plan.Cases, c => c.Fate.IsClosed() && c.Dissatisfied);
        Assert.Contains(Plan.Cases, c => c.Leader is not null);
        Assert.Contains(Plan.Cases, c => c.Supervision == 2);
        Assert.Contains(Plan.Cases, c => c.Fate.IsClosed() && c.Extension);
        Assert.Contains(Plan.Cases, c => c.CoUnits.Count > 0);
        Assert.Contains(Plan.Cases, c => c.Complainant is { Anonymous: true });
    }

    [Fact]
    public void Repeats_name_their_original_differently_but_with_the_same_subject_and_nothing_else_repeats_by_accident()
    {
        var repeats = Plan.Cases.Where(c => c.RepeatOf is not null).ToList();
        Assert.InRange(repeats.Count, 100, 200);
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
        var overdue = Plan.Cases.Where(c => c.Fate == DemoFate.AwaitingAcceptance && Deadlines.AcceptanceDue(c.ReceivedAt) < now).ToList();
        Assert.InRange(overdue.Count, 50, 150);
        Assert.Contains(Plan.Cases, c => c.Fate == DemoFate.AwaitingAcceptance && Deadlines.AcceptanceDue(c.ReceivedAt) > now);
        Assert.All(Plan.Cases, c => Assert.True(c.ReceivedAt < now));
    }

    /// <summary>
    /// Every planned case, run through the pure domain exactly as the loader sends it (registration, automatic repeat
    /// links, then its steps), ends in its planned state: the real plan's numbers without a host.
    /// </summary>
    [Fact]
    public void A_dry_run_of_every_case_through_the_domain_rules_ends_exactly_as_planned()
    {
        var now = ChinaTime.StartOfDay(Anchor).AddHours(12);
        var states = new PetitionCase?[Plan.Cases.Count];
        string CaseNo(PlannedCase c) => $"XF{c.Index:D9}";

        PetitionCase Run(PetitionCase? state, PlannedCase c, CaseCommand command, Actor actor)
        {
            now = now.AddSeconds(1);
            var (next, decision) = PetitionRules.Handle(state, CaseNo(c), command, CommandContext.For(actor, now));
            Assert.False(decision.IsRefused, $"{c.ExternalRef} {command.GetType().Name}: {decision.Violation?.Message}");
            return next!;
        }

        foreach (var c in Plan.Cases.Where(c => c.RepeatOf is null).Concat(Plan.Cases.Where(c => c.RepeatOf is not null)))
        {
            states[c.Index] = Run(null, c, DemoLoader.Registration(c, null), DemoActors.Intake);
            if (c.RepeatOf is { } original)
            {
                states[c.Index] = Run(states[c.Index], c, new LinkRepeatCommand(CaseNo(Plan.Cases[original]), "同一被举报对象", true), Actor.System);
                states[original] = Run(states[original], Plan.Cases[original], new RecordRepeatCommand(CaseNo(c)), Actor.System);
            }
        }

        foreach (var c in Plan.Cases)
        {
            foreach (var step in DemoScript.StepsFor(c))
            {
                states[c.Index] = Run(states[c.Index], c, step.Command(new DemoStepContext(now, states[c.Index])), step.Actor);
            }

            Assert.Equal(c.Fate.Status(), states[c.Index]!.Status);
        }

        int Closed(string round) => Plan.Cases.Count(c => c.RoundCode == round && states[c.Index]!.Status == CaseStatus.Closed);
        Assert.Equal(2094, Closed(DemoPlan.Round1));
        Assert.Equal(1182, Closed(DemoPlan.Round2));
        Assert.All(Plan.Cases.Where(c => c.Fate == DemoFate.ClosedStage), c => Assert.Equal(ClosureKind.Stage, states[c.Index]!.Closure!.Kind));
        Assert.All(Plan.Cases.Where(c => c.Fate == DemoFate.Reopened), c => Assert.Equal(ProblemSource.Dissatisfied, states[c.Index]!.Problem!.Source));
        Assert.All(Plan.Cases.Where(c => c.Fate.HasResult()), c => Assert.Equal(c.Verdict, states[c.Index]!.Result!.Verdict));
    }
}
