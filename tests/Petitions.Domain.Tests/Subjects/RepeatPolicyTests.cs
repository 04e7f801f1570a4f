using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;
using static Petitions.Domain.Cases.Category;

namespace Petitions.Domain.Tests.Subjects;

/// <summary>
/// The repeat rule as a decision table: the same subject AND a shared category AND within twelve months of the
/// earlier case's receipt or closing links; everything else is shown to intake (with its kind) or ignored.
/// </summary>
public sealed class RepeatPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 9, 0, 0, TimeSpan.FromHours(8));

    private static RepeatComplaint Complaint(params Category[] categories) => new(Now, categories);

    private static RepeatCandidateFacts Earlier(
        string caseNo = "XF2025000001", CaseStatus status = CaseStatus.InProgress, DateTimeOffset? receivedAt = null, DateTimeOffset? closedAt = null,
        Category[]? categories = null, string? repeatOf = null, bool sameTarget = true, bool samePhone = false, double similarity = 0) =>
        new(caseNo, status, receivedAt ?? Now.AddMonths(-2), closedAt, categories ?? [Air], repeatOf, sameTarget, samePhone, similarity);

    private static RepeatMatch Single(RepeatOutcome outcome) => Assert.Single(outcome.Matches);

    [Fact]
    public void Same_company_same_category_within_twelve_months_links()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air, Noise), [Earlier(categories: [Air])]);

        Assert.Equal("XF2025000001", outcome.LinkTo);
        Assert.False(outcome.OriginalClosed);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SameMatter, 1.0, WillLink: true), Single(outcome));
    }

    [Fact]
    public void Same_company_other_category_is_suggested_as_another_matter_and_never_linked()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Water), [Earlier(categories: [Air, Noise])]);

        Assert.Null(outcome.LinkTo);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SameCompanyOtherMatter, 1.0, WillLink: false), Single(outcome));
    }

    [Theory]
    [InlineData(11, true)]
    [InlineData(12, true)]
    [InlineData(13, false)]
    [InlineData(36, false)]
    public void Same_company_same_category_counts_within_twelve_months_of_receipt(int monthsAgo, bool links)
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(receivedAt: Now.AddMonths(-monthsAgo))]);

        Assert.Equal(links ? "XF2025000001" : null, outcome.LinkTo);
        Assert.Equal(links ? RepeatKind.SameMatter : RepeatKind.SameCompanyOtherMatter, Single(outcome).Kind);
    }

    [Fact]
    public void Thirteen_months_after_receipt_but_within_twelve_months_of_closing_links_to_the_closed_case()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air),
            [Earlier(status: CaseStatus.Closed, receivedAt: Now.AddMonths(-13), closedAt: Now.AddMonths(-11))]);

        Assert.Equal("XF2025000001", outcome.LinkTo);
        Assert.True(outcome.OriginalClosed);
        Assert.True(Single(outcome).WillLink);
    }

    [Fact]
    public void Same_category_thirteen_months_after_closing_is_another_matter()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air),
            [Earlier(status: CaseStatus.Closed, receivedAt: Now.AddMonths(-20), closedAt: Now.AddMonths(-13))]);

        Assert.Null(outcome.LinkTo);
        Assert.Equal(RepeatKind.SameCompanyOtherMatter, Single(outcome).Kind);
    }

    [Fact]
    public void Same_phone_other_target_is_suggested_as_the_same_caller_and_never_linked()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(sameTarget: false, samePhone: true)]);

        Assert.Null(outcome.LinkTo);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SamePhone, RepeatPolicy.SamePhoneScore, WillLink: false), Single(outcome));
    }

    [Fact]
    public void Same_phone_more_than_twelve_months_ago_is_no_match()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(sameTarget: false, samePhone: true, receivedAt: Now.AddMonths(-13))]);

        Assert.Equal(RepeatOutcome.None.Matches, outcome.Matches);
        Assert.Null(outcome.LinkTo);
    }

    [Fact]
    public void A_similar_name_is_suggested_with_its_score_and_never_linked()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(sameTarget: false, similarity: 0.6667)]);

        Assert.Null(outcome.LinkTo);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.Similar, 0.667, WillLink: false), Single(outcome));
    }

    [Fact]
    public void A_not_accepted_original_is_shown_as_the_same_matter_but_not_linked()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(status: CaseStatus.NotAccepted)]);

        Assert.Null(outcome.LinkTo);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SameMatter, 1.0, WillLink: false), Single(outcome));
    }

    [Fact]
    public void A_diverted_case_is_never_taken_as_the_original_and_a_handled_one_is_chosen_instead()
    {
        var diverted = RepeatPolicy.Decide(Complaint(Air), [Earlier(status: CaseStatus.Diverted)]);
        Assert.Null(diverted.LinkTo);
        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SameMatter, 1.0, WillLink: false), Single(diverted));

        var both = RepeatPolicy.Decide(Complaint(Air), [Earlier(status: CaseStatus.Diverted), Earlier(status: CaseStatus.Closed) with { CaseNo = "XF2025000002" }]);
        Assert.Equal("XF2025000002", both.LinkTo);
    }

    [Theory]
    [InlineData(CaseStatus.Closed, true)]
    [InlineData(CaseStatus.ResultSubmitted, false)]
    [InlineData(CaseStatus.Registered, false)]
    public void A_closed_original_is_linked_and_reported_closed(CaseStatus status, bool closed)
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier(status: status, closedAt: status == CaseStatus.Closed ? Now.AddMonths(-1) : null)]);

        Assert.Equal("XF2025000001", outcome.LinkTo);
        Assert.Equal(closed, outcome.OriginalClosed);
    }

    [Fact]
    public void An_original_that_is_itself_a_repeat_stands_for_its_own_original()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air),
        [
            Earlier("XF2025000002", receivedAt: Now.AddMonths(-1), repeatOf: "XF2025000001"),
            Earlier("XF2025000001", status: CaseStatus.InProgress, receivedAt: Now.AddMonths(-3)),
        ]);

        Assert.Equal("XF2025000001", outcome.LinkTo);
        Assert.Equal(["XF2025000001"], outcome.Matches.Where(m => m.WillLink).Select(m => m.CaseNo));
        Assert.All(outcome.Matches, m => Assert.Equal(RepeatKind.SameMatter, m.Kind));
    }

    [Fact]
    public void A_repeat_whose_original_was_not_gathered_still_links_to_that_original()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), [Earlier("XF2025000002", repeatOf: "XF2024000009")]);

        Assert.Equal("XF2024000009", outcome.LinkTo);
        Assert.False(Single(outcome).WillLink);
    }

    [Fact]
    public void Among_several_originals_the_earliest_open_one_wins_else_the_latest_closed_one()
    {
        RepeatCandidateFacts[] candidates =
        [
            Earlier("XF2025000001", status: CaseStatus.Closed, receivedAt: Now.AddMonths(-6), closedAt: Now.AddMonths(-5)),
            Earlier("XF2025000002", status: CaseStatus.InProgress, receivedAt: Now.AddMonths(-4)),
            Earlier("XF2025000003", status: CaseStatus.Assigned, receivedAt: Now.AddMonths(-1)),
            Earlier("XF2025000004", status: CaseStatus.Closed, receivedAt: Now.AddMonths(-3), closedAt: Now.AddMonths(-2)),
        ];
        Assert.Equal("XF2025000002", RepeatPolicy.Decide(Complaint(Air), candidates).LinkTo);

        var closedOnly = candidates.Where(c => c.Status == CaseStatus.Closed).ToList();
        var outcome = RepeatPolicy.Decide(Complaint(Air), closedOnly);
        Assert.Equal("XF2025000004", outcome.LinkTo);
        Assert.True(outcome.OriginalClosed);
    }

    [Fact]
    public void A_case_found_by_target_and_by_phone_counts_once_as_the_same_matter()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air),
            [Earlier(sameTarget: true), Earlier(sameTarget: false, samePhone: true), Earlier(sameTarget: false, similarity: 0.7)]);

        Assert.Equal(new RepeatMatch("XF2025000001", RepeatKind.SameMatter, 1.0, WillLink: true), Single(outcome));
    }

    [Fact]
    public void Without_categories_a_check_compares_subject_and_time_only_but_a_stored_case_without_categories_never_links()
    {
        Assert.Equal("XF2025000001", RepeatPolicy.Decide(new RepeatComplaint(Now, null), [Earlier()]).LinkTo);

        var legacy = RepeatPolicy.Decide(Complaint(Air), [Earlier() with { Categories = null }]);
        Assert.Null(legacy.LinkTo);
        Assert.Equal(RepeatKind.SameCompanyOtherMatter, Single(legacy).Kind);
    }

    [Fact]
    public void Nothing_gathered_means_nothing_to_do()
    {
        var outcome = RepeatPolicy.Decide(Complaint(Air), []);
        Assert.Null(outcome.LinkTo);
        Assert.Empty(outcome.Matches);
    }

    [Fact]
    public void A_case_takes_the_automatic_link_only_when_it_is_no_repeat_no_original_not_unlinked_and_not_declined()
    {
        var fresh = new PetitionCase { CaseNo = "XF2025000009", RegionCode = "650100", Target = "x", SubjectKey = "650100|x", Description = "d" };
        Assert.True(RepeatPolicy.AcceptsAutomaticLink(fresh));
        Assert.False(RepeatPolicy.AcceptsAutomaticLink(fresh with { RepeatOf = "XF2025000001" }));
        Assert.False(RepeatPolicy.AcceptsAutomaticLink(fresh with { AutoLinkDeclined = true }));
        Assert.False(RepeatPolicy.AcceptsAutomaticLink(fresh with { Repeats = ["XF2025000010"] }));
        Assert.False(RepeatPolicy.AcceptsAutomaticLink(fresh with { Status = CaseStatus.NotAccepted }));
    }
}
