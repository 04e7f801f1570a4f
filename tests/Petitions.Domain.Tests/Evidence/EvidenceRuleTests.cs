using Petitions.Domain.Cases;
using Petitions.Domain.Evidence;
using Petitions.Domain.Tests.Cases;

namespace Petitions.Domain.Tests.Evidence;

/// <summary>Attaching evidence: the step must exist, "result" means the latest, a retry changes nothing, the case total holds.</summary>
public sealed class EvidenceRuleTests
{
    private static AttachEvidenceCommand Attach(string id, EvidenceTarget target, long size = 100, long caseLimit = 1000) =>
        new(id, "笔录.pdf", size, new string('b', 64), "application/pdf", target, caseLimit);

    [Theory]
    [InlineData(null, "case")]
    [InlineData("", "case")]
    [InlineData("registration", "registration")]
    [InlineData("site-visit:2", "site-visit:2")]
    [InlineData("result", "result")]
    [InlineData("result:1", "result:1")]
    [InlineData("callback:3", "callback:3")]
    [InlineData("review:1", "review:1")]
    [InlineData("look-back:2", "look-back:2")]
    public void Attach_to_forms_round_trip(string? text, string expected) => Assert.Equal(expected, EvidenceTarget.Parse(text)!.Value.ToString());

    [Theory]
    [InlineData("site-visit")]
    [InlineData("site-visit:0")]
    [InlineData("site-visit:-1")]
    [InlineData("registration:1")]
    [InlineData("callback:x")]
    [InlineData("site-visit:1:2")]
    [InlineData("Result")]
    [InlineData("letter")]
    public void Other_forms_are_refused(string text) => Assert.Null(EvidenceTarget.Parse(text));

    [Fact]
    public void Result_without_a_number_is_kept_as_the_latest_result()
    {
        var b = new CaseBuilder().Register().Assign().Accept().Visit().Result();
        b.Do(Attach("a1", new EvidenceTarget(EvidenceTargetKind.Result)), CaseBuilder.Handler);
        var attachment = Assert.Single(b.Case.Attachments);
        Assert.Equal("result:1", attachment.AttachTo);
        Assert.Equal(CaseBuilder.Handler.Id, attachment.AttachedBy);
        Assert.Contains(b.Case.Timeline, e => e.Event is EvidenceAttached { Id: "a1", AttachTo: "result:1" });
    }

    [Fact]
    public void A_step_that_does_not_exist_is_refused_naming_attachTo()
    {
        var b = new CaseBuilder().Register().Assign().Accept().Visit();
        var (_, decision) = b.Try(Attach("a1", new EvidenceTarget(EvidenceTargetKind.SiteVisit, 2)), CaseBuilder.Handler);
        Assert.Equal(Rules.EvidenceTargetNotFound, decision.Violation?.Rule);
        Assert.Equal("attachTo", decision.Violation?.Field);
        var (_, noResult) = b.Try(Attach("a2", new EvidenceTarget(EvidenceTargetKind.Result)), CaseBuilder.Handler);
        Assert.Equal(Rules.EvidenceTargetNotFound, noResult.Violation?.Rule);
    }

    [Fact]
    public void The_same_attachment_id_again_changes_nothing()
    {
        var b = new CaseBuilder().Register();
        b.Do(Attach("a1", EvidenceTarget.Case), CaseBuilder.Intake);
        var version = b.Case.Version;
        var (state, decision) = b.Try(Attach("a1", EvidenceTarget.Case), CaseBuilder.Intake);
        Assert.False(decision.IsRefused);
        Assert.Empty(decision.Events);
        Assert.Equal(version, state!.Version);
        Assert.Single(state.Attachments);
    }

    [Fact]
    public void The_case_total_counts_every_attachment_and_refuses_the_one_that_would_exceed_it()
    {
        var b = new CaseBuilder().Register();
        b.Do(Attach("a1", EvidenceTarget.Case, size: 600), CaseBuilder.Intake);
        b.Do(Attach("a2", EvidenceTarget.Case, size: 400), CaseBuilder.Intake);
        Assert.Equal(1000, EvidenceRules.TotalSize(b.Case));
        var (_, decision) = b.Try(Attach("a3", EvidenceTarget.Case, size: 1), CaseBuilder.Intake);
        Assert.Equal(Rules.EvidenceCaseLimit, decision.Violation?.Rule);
        Assert.Equal(ViolationKind.Conflict, decision.Violation?.Kind);
    }
}
