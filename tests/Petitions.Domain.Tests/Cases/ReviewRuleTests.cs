using Petitions.Domain.Cases;
using Petitions.Domain.Evidence;

namespace Petitions.Domain.Tests.Cases;

/// <summary>复查 and 复核 (docs/domain-rules.md, "Review and re-review"; 信访工作条例 Art. 35–36).</summary>
public sealed class ReviewRuleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static RequestReviewCommand Ask(DateTimeOffset at, ReviewLevel level = ReviewLevel.Review, string unit = CaseBuilder.ReviewUnit) =>
        new(level, at, "对处理意见不服", unit);

    /// <summary>A case whose handling opinion was delivered at <paramref name="deliveredAt"/> (the builder's clock then).</summary>
    private static CaseBuilder Delivered(DateTimeOffset deliveredAt)
    {
        var b = new CaseBuilder(deliveredAt.AddDays(-10)).ToResultSubmitted();
        b.At(deliveredAt).DoNow(new RecordDeliveryCommand(CaseDocumentKind.HandlingOpinion, DeliveryMethod.Post, deliveredAt, null), CaseBuilder.Intake);
        return b;
    }

    [Fact]
    public void A_review_is_asked_until_24_00_China_time_of_day_30_after_delivery_and_refused_after_with_the_closing_date()
    {
        // Delivered 2024-01-31 20:00 UTC = 1 February 04:00 in China: day 30 is 2 March (2024 is a leap year).
        var delivered = new DateTimeOffset(2024, 1, 31, 20, 0, 0, TimeSpan.Zero);
        var closes = new DateTimeOffset(2024, 3, 2, 23, 59, 59, China);
        var b = Delivered(delivered);
        Assert.Equal(closes, CaseDocuments.ReviewWindowClosesAt(b.Case));

        var late = b.At(closes.AddSeconds(1)).Try(Ask(closes.AddSeconds(1)), CaseBuilder.Intake).Decision.Violation!;
        Assert.Equal(Rules.ReviewWindowClosed, late.Rule);
        Assert.Equal(ViolationKind.Conflict, late.Kind);
        Assert.Equal(closes, late.WindowClosedAt);
        Assert.Contains("2024-03-02", late.Message);

        // The request's own date counts (a letter received on the last day and recorded later is in time).
        b.Do(Ask(closes.AddMinutes(-1)), CaseBuilder.Intake);
        var review = Assert.Single(b.Case.Reviews);
        Assert.Equal(ReviewLevel.Review, review.Level);
        Assert.Equal(CaseBuilder.ReviewUnit, review.ReviewingUnit);
        Assert.Equal(closes, review.WindowClosesAt);
        Assert.Equal(1, review.ResultNo);
        Assert.True(review.IsOpen);
    }

    [Fact]
    public void A_request_dated_before_the_delivery_day_or_in_the_future_names_requestedAt()
    {
        var delivered = new DateTimeOffset(2024, 3, 10, 9, 0, 0, China);
        var b = Delivered(delivered);

        var before = b.Try(Ask(new DateTimeOffset(2024, 3, 9, 23, 0, 0, China)), CaseBuilder.Intake).Decision.Violation!;
        Assert.Equal(("requestedAt", ViolationKind.Invalid), (before.Field, before.Kind));
        var future = b.Try(Ask(b.Now.AddHours(1)), CaseBuilder.Intake).Decision.Violation!;
        Assert.Equal((Rules.DateInFuture, "requestedAt"), (future.Rule, future.Field));
        // Earlier the same China day than the delivery was recorded at is the delivery day: in time.
        Assert.Null(b.Try(Ask(new DateTimeOffset(2024, 3, 10, 0, 30, 0, China)), CaseBuilder.Intake).Decision.Violation);
    }

    [Fact]
    public void One_review_is_open_at_a_time_and_an_opinion_gets_one_review()
    {
        var b = Delivered(new DateTimeOffset(2024, 3, 10, 9, 0, 0, China));
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        Assert.Equal(Rules.ReviewOpen, b.Try(Ask(b.Now), CaseBuilder.Intake).Decision.Violation!.Rule);
        var unknown = b.Try(new ReviewHearingCommand(7, b.Now, null), CaseBuilder.Supervisor).Decision.Violation!;
        Assert.Equal((Rules.ReviewNotFound, ViolationKind.NotFound), (unknown.Rule, unknown.Kind));

        b.Do(new DecideReviewCommand(1, ReviewOutcome.Upheld, "维持原处理意见"), CaseBuilder.Supervisor);
        Assert.Equal(Rules.AlreadyReviewed, b.Try(Ask(b.Now), CaseBuilder.Intake).Decision.Violation!.Rule);
        // Answered, nothing is open: a second answer or a hearing has nothing to act on.
        Assert.Equal(Rules.NoOpenReview, b.Try(new DecideReviewCommand(1, ReviewOutcome.Changed, "变更"), CaseBuilder.Supervisor).Decision.Violation!.Rule);
        Assert.Equal(Rules.NoOpenReview, b.Try(new ReviewHearingCommand(1, b.Now, null), CaseBuilder.Supervisor).Decision.Violation!.Rule);
    }

    [Fact]
    public void The_answer_is_due_30_days_after_the_request_and_hearing_time_moves_it_across_the_China_date_line_and_a_leap_month_end()
    {
        // Asked 30 January 23:30 in China (15:30 UTC): due 29 February 24:00 China time without hearings.
        var asked = new DateTimeOffset(2024, 1, 30, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, China), Reviews.AnswerDueAt(asked, [], asked));

        // One hour of hearing moves the request past midnight in China: the deadline moves by a whole day, into March.
        var hour = new ReviewHearing(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 23, 59, 59, China), Reviews.AnswerDueAt(asked, [hour], asked));

        // The same hour earlier in the China day (asked at 09:00) moves nothing.
        var morning = new DateTimeOffset(2024, 1, 30, 9, 0, 0, China);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, China), Reviews.AnswerDueAt(morning, [hour], morning));

        // Two hearings of 36 hours each: 3 days in all, from 31 March (a 31-day month) into May.
        var april = new DateTimeOffset(2024, 3, 31, 10, 0, 0, China);
        ReviewHearing[] two =
        [
            new(new DateTimeOffset(2024, 4, 5, 9, 0, 0, China), new DateTimeOffset(2024, 4, 6, 21, 0, 0, China)),
            new(new DateTimeOffset(2024, 4, 20, 9, 0, 0, China), new DateTimeOffset(2024, 4, 21, 21, 0, 0, China)),
        ];
        Assert.Equal(TimeSpan.FromHours(72), Reviews.PausedTime(two, april));
        Assert.Equal(new DateTimeOffset(2024, 4, 30, 23, 59, 59, China), Reviews.AnswerDueAt(april, [], april));
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 23, 59, 59, China), Reviews.AnswerDueAt(april, two, april));
    }

    [Fact]
    public void A_hearing_pauses_the_clock_until_it_resumes_and_the_paused_time_is_kept()
    {
        var b = Delivered(new DateTimeOffset(2024, 3, 10, 9, 0, 0, China));
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        var due = b.Case.Reviews[0].AnswerDueAt;
        Assert.Equal(new DateTimeOffset(2024, 4, 9, 23, 59, 59, China), due);

        var pausedAt = b.Now.AddHours(2);
        b.At(pausedAt.AddHours(1)).Do(new ReviewHearingCommand(1, pausedAt, null), CaseBuilder.Supervisor);
        Assert.True(b.Case.Reviews[0].IsPaused);
        Assert.Null(b.Case.Reviews[0].AnswerDueAt);
        Assert.Equal(TimeSpan.FromHours(5), b.Case.Reviews[0].PausedTime(pausedAt.AddHours(5)));
        Assert.Equal(Rules.HearingState, b.Try(new ReviewHearingCommand(1, b.Now, null), CaseBuilder.Supervisor).Decision.Violation!.Rule);
        Assert.Equal("resumedAt", b.Try(new ReviewHearingCommand(1, null, pausedAt.AddHours(-1)), CaseBuilder.Supervisor).Decision.Violation!.Field);

        b.At(pausedAt.AddDays(3)).Do(new ReviewHearingCommand(1, null, pausedAt.AddDays(2)), CaseBuilder.Supervisor);
        var review = b.Case.Reviews[0];
        Assert.False(review.IsPaused);
        Assert.Equal(TimeSpan.FromDays(2), review.PausedTime(b.Now));
        Assert.Equal(new DateTimeOffset(2024, 4, 11, 23, 59, 59, China), review.AnswerDueAt);
        Assert.Equal(Rules.HearingState, b.Try(new ReviewHearingCommand(1, null, b.Now), CaseBuilder.Supervisor).Decision.Violation!.Rule);
        Assert.Equal(["ReviewRequested", "ReviewHearingPaused", "ReviewHearingResumed"],
            b.Case.Timeline.Select(e => e.Event.GetType().Name).Where(n => n.StartsWith("Review", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_re_review_follows_the_delivered_review_opinion_within_30_days_and_its_answer_makes_the_matter_final()
    {
        var b = Delivered(new DateTimeOffset(2024, 3, 10, 9, 0, 0, China));
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.ReviewOpinion));
        b.Advance(TimeSpan.FromDays(20)).Do(new DecideReviewCommand(1, ReviewOutcome.Changed, "变更处理意见：责令企业限期安装在线监测"), CaseBuilder.Supervisor);
        Assert.Equal(b.Now, CaseDocuments.IssuedAt(b.Case, CaseDocumentKind.ReviewOpinion));

        // Before the 复查 opinion is delivered there is no 复核 window.
        Assert.Equal(Rules.NoOpinionToReview, b.Try(Ask(b.Now, ReviewLevel.ReReview), CaseBuilder.Intake).Decision.Violation!.Rule);
        var delivered = new DateTimeOffset(2024, 4, 1, 20, 0, 0, China);
        b.At(delivered).Do(new RecordDeliveryCommand(CaseDocumentKind.ReviewOpinion, DeliveryMethod.InPerson, delivered, null), CaseBuilder.Intake);
        Assert.Equal(1, b.Case.Deliveries[^1].ResultNo);

        var closes = new DateTimeOffset(2024, 5, 1, 23, 59, 59, China);
        var late = b.At(closes.AddSeconds(1)).Try(Ask(closes.AddSeconds(1), ReviewLevel.ReReview, "000000"), CaseBuilder.Intake).Decision.Violation!;
        Assert.Equal((Rules.ReviewWindowClosed, closes), (late.Rule, late.WindowClosedAt));
        b.Do(Ask(closes, ReviewLevel.ReReview, "000000"), CaseBuilder.Intake);
        Assert.Equal(("000000", ReviewLevel.ReReview, closes), (b.Case.Reviews[1].ReviewingUnit, b.Case.Reviews[1].Level, b.Case.Reviews[1].WindowClosesAt));
        Assert.False(Reviews.IsFinal(b.Case));

        b.Do(new DecideReviewCommand(2, ReviewOutcome.Upheld, "维持复查意见"), CaseBuilder.Supervisor);
        Assert.True(Reviews.IsFinal(b.Case));
        Assert.Equal(Rules.MatterFinal, b.Try(Ask(b.Now), CaseBuilder.Intake).Decision.Violation!.Rule);
        Assert.Equal(Rules.MatterFinal, b.Try(Ask(b.Now, ReviewLevel.ReReview), CaseBuilder.Intake).Decision.Violation!.Rule);
    }

    [Fact]
    public void A_set_aside_sends_the_case_back_in_progress_with_a_new_handling_period_and_its_next_opinion_can_be_reviewed_again()
    {
        var b = Delivered(new DateTimeOffset(2024, 3, 10, 9, 0, 0, China));
        b.Callback().Close();
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        b.At(new DateTimeOffset(2024, 3, 20, 10, 0, 0, China)).Do(new DecideReviewCommand(1, ReviewOutcome.SetAside, "撤销原处理意见，请重新组织现场核查。"), CaseBuilder.Supervisor);

        Assert.Equal(CaseStatus.InProgress, b.Case.Status);
        Assert.Equal(new DateTimeOffset(2024, 5, 19, 23, 59, 59, China), b.Case.DueAt);
        Assert.Equal(b.Case.DueAt, b.Case.HandlingDueAt);
        var decided = Assert.IsType<ReviewDecided>(b.Case.Timeline[^1].Event);
        Assert.Equal("撤销原处理意见，请重新组织现场核查。", decided.Opinion);
        // Set aside, the reviewed opinion no longer stands: no 复核 of it.
        Assert.Equal(CaseCommandTable.Conflict(b.Case, "request a review of").Rule, b.Try(Ask(b.Now, ReviewLevel.ReReview), CaseBuilder.Intake).Decision.Violation!.Rule);

        b.Visit().Result();
        b.Do(new RecordDeliveryCommand(CaseDocumentKind.HandlingOpinion, DeliveryMethod.Post, b.Now, null), CaseBuilder.Intake);
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        Assert.Equal((2, 2), (b.Case.Reviews[1].No, b.Case.Reviews[1].ResultNo));
    }

    [Fact]
    public void Evidence_for_review_n_means_the_review_request_and_look_back_n_the_look_back()
    {
        var b = Delivered(new DateTimeOffset(2024, 3, 10, 9, 0, 0, China));
        Assert.Null(EvidenceRules.Resolve(b.Case, new EvidenceTarget(EvidenceTargetKind.Review, 1)));
        b.Do(Ask(b.Now), CaseBuilder.Intake);
        Assert.NotNull(EvidenceRules.Resolve(b.Case, new EvidenceTarget(EvidenceTargetKind.Review, 1)));
        Assert.Null(EvidenceRules.Resolve(b.Case, new EvidenceTarget(EvidenceTargetKind.LookBack, 1)));
        b.Callback().Close().LookBack(held: true);
        Assert.NotNull(EvidenceRules.Resolve(b.Case, new EvidenceTarget(EvidenceTargetKind.LookBack, 1)));
    }
}
