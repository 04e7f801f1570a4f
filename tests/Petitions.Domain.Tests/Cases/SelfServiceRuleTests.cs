using Petitions.Domain.Cases;

namespace Petitions.Domain.Tests.Cases;

/// <summary>The complainant's query code and self-service rating (docs/domain-rules.md, "Self-service").</summary>
public sealed class SelfServiceRuleTests
{
    private static CaseBuilder Answered() => new CaseBuilder().Register().Assign().Accept().Result();

    [Fact]
    public void A_registration_with_a_code_hash_keeps_it_on_the_registration_and_a_new_code_replaces_it()
    {
        var b = new CaseBuilder();
        b.Do(CaseBuilder.Registration(b.Now) with { QueryCodeHash = "first-hash" }, CaseBuilder.Intake);
        Assert.Equal(1, b.Case.Version);
        Assert.Single(b.Case.Timeline);
        Assert.Equal("first-hash", b.Case.QueryCodeHash);

        b.Do(new IssueQueryCodeCommand("second-hash"), CaseBuilder.Intake);

        Assert.Equal("second-hash", b.Case.QueryCodeHash);
        Assert.IsType<QueryCodeIssued>(b.Case.Timeline[^1].Event);
    }

    [Fact]
    public void A_rating_is_on_the_timeline_counts_as_the_complainants_answer_and_is_given_once()
    {
        var b = Answered().Callback(Satisfaction.Dissatisfied).Result().Callback(Satisfaction.Satisfied);
        Assert.Equal(Satisfaction.Satisfied, b.Case.EffectiveSatisfaction);

        b.Do(new RateHandlingCommand(Satisfaction.BasicallySatisfied, "基本解决"), Actor.Complainant);

        Assert.Equal(Satisfaction.BasicallySatisfied, b.Case.EffectiveSatisfaction);
        var entry = b.Case.Timeline[^1];
        Assert.Equal(Actor.Complainant, entry.Actor);
        Assert.Equal(new HandlingRated(2, Satisfaction.BasicallySatisfied, "基本解决"), entry.Event);

        var (_, again) = b.Try(new RateHandlingCommand(Satisfaction.Satisfied, null), Actor.Complainant);
        Assert.Equal(Rules.AlreadyRated, again.Violation?.Rule);
        Assert.Equal(ViolationKind.Conflict, again.Violation?.Kind);
    }

    [Fact]
    public void A_later_callback_to_the_complainant_outweighs_an_earlier_rating()
    {
        var b = Answered();
        b.Do(new RateHandlingCommand(Satisfaction.BasicallySatisfied, null), Actor.Complainant);
        b.Callback(Satisfaction.Satisfied);

        Assert.Equal(Satisfaction.Satisfied, b.Case.EffectiveSatisfaction);
    }

    [Fact]
    public void A_dissatisfied_rating_reopens_the_case_onto_the_problem_list_like_a_dissatisfied_callback()
    {
        var b = Answered();
        b.Do(new RateHandlingCommand(Satisfaction.Dissatisfied, "仍有异味"), Actor.Complainant);

        Assert.Equal(CaseStatus.InProgress, b.Case.Status);
        Assert.Equal(ProblemSource.Dissatisfied, b.Case.Problem?.Source);
        Assert.Equal("信访人自助评价不满意：仍有异味", b.Case.Problem?.Reason);
        Assert.Equal(1, b.Case.ReopenCount);
        Assert.Equal(Satisfaction.Dissatisfied, b.Case.EffectiveSatisfaction);
    }

    [Fact]
    public void Unreachable_is_not_a_rating()
    {
        var (_, decision) = Answered().Try(new RateHandlingCommand(Satisfaction.Unreachable, null), Actor.Complainant);

        Assert.Equal(Rules.RatingNotAnAnswer, decision.Violation?.Rule);
        Assert.Equal("satisfaction", decision.Violation?.Field);
    }
}
