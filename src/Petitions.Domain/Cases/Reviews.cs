using Petitions.Domain.Common;

namespace Petitions.Domain.Cases;

/// <summary>复查 (review by the next unit up) or 复核 (re-review, one level further) — 信访工作条例 Art. 35–36.</summary>
public enum ReviewLevel { Review, ReReview }

/// <summary>The reviewing unit's answer: 维持 (upheld), 变更 (changed), 撤销 (set aside: the case goes back to its lead unit).</summary>
public enum ReviewOutcome { Upheld, Changed, SetAside }

/// <summary>A hearing (听证) that stopped the reviewer's clock at <see cref="PausedAt"/>; open until <see cref="ResumedAt"/>.</summary>
public sealed record ReviewHearing(DateTimeOffset PausedAt, DateTimeOffset? ResumedAt);

/// <summary>The reviewing unit's written answer (复查意见 / 复核意见).</summary>
public sealed record ReviewAnswer(ReviewOutcome Outcome, string Opinion, DateTimeOffset DecidedAt, string DecidedBy);

/// <summary>
/// A request for 复查 or 复核, numbered per case: who reviews it, when it was asked and recorded, the window it was asked
/// in, the answered result (<see cref="ResultNo"/>), hearings that paused the reviewer's clock, and the answer once given.
/// </summary>
public sealed record CaseReview(
    int No,
    ReviewLevel Level,
    DateTimeOffset RequestedAt,
    string Reason,
    string ReviewingUnit,
    int ResultNo,
    DateTimeOffset WindowClosesAt,
    IReadOnlyList<ReviewHearing> Hearings,
    ReviewAnswer? Answer,
    DateTimeOffset RecordedAt,
    string RecordedBy)
{
    public bool IsOpen => Answer is null;

    public bool IsPaused => Hearings.Count > 0 && Hearings[^1].ResumedAt is null;

    /// <summary>Time the clock stood still for hearings, an open hearing counted up to <paramref name="now"/>.</summary>
    public TimeSpan PausedTime(DateTimeOffset now) => Reviews.PausedTime(Hearings, now);

    /// <summary>When the answer is due (24:00 China time of day 30, moved by the hearing time); null while a hearing pauses it.</summary>
    public DateTimeOffset? AnswerDueAt => IsPaused ? null : Reviews.AnswerDueAt(RequestedAt, Hearings, RequestedAt);
}

/// <summary>
/// The clocks of 复查 and 复核 (信访工作条例 Art. 35–36): the complainant asks within 30 days of receiving the written
/// opinion (the handling opinion for 复查, the 复查 opinion for 复核: both from delivery, 24:00 China time of day 30); the
/// reviewing unit answers within 30 days of the request, hearing time (听证) not counted; after a 复核 answer the matter
/// is final.
/// </summary>
public static class Reviews
{
    public const int WindowDays = CaseDocuments.ReviewWindowDays;
    public const int AnswerDays = 30;

    /// <summary>The review still waiting for its answer (at most one).</summary>
    public static CaseReview? Open(PetitionCase s) => s.Reviews.LastOrDefault(r => r.IsOpen);

    /// <summary>A 复核 has been answered: the matter is final (no further review; a new complaint of it is not accepted).</summary>
    public static bool IsFinal(PetitionCase s) => s.Reviews.Any(r => r.Level == ReviewLevel.ReReview && r.Answer is not null);

    public static TimeSpan PausedTime(IReadOnlyList<ReviewHearing> hearings, DateTimeOffset now) =>
        hearings.Aggregate(TimeSpan.Zero, (sum, h) => sum + ((h.ResumedAt ?? now) - h.PausedAt is { } d && d > TimeSpan.Zero ? d : TimeSpan.Zero));

    /// <summary>
    /// The end of the China calendar day 30 days after the request, once the request is moved later by the time hearings
    /// paused the clock (so a pause of 36 hours moves the deadline by one or two calendar days, as the pause crossed
    /// midnight in China or not).
    /// </summary>
    public static DateTimeOffset AnswerDueAt(DateTimeOffset requestedAt, IReadOnlyList<ReviewHearing> hearings, DateTimeOffset now) =>
        Deadlines.DaysAfter(requestedAt + PausedTime(hearings, now), AnswerDays);

    /// <summary>The 复查 answer whose delivery opens a 复核: the latest answered 复查 that did not send the case back.</summary>
    public static CaseReview? ReReviewable(PetitionCase s) =>
        s.Reviews.LastOrDefault() is { Level: ReviewLevel.Review, Answer: { Outcome: not ReviewOutcome.SetAside } } last ? last : null;

    /// <summary>When the review opinion of review <paramref name="no"/> was delivered, or null.</summary>
    public static Delivery? OpinionDelivery(PetitionCase s, int no) =>
        s.Deliveries.FirstOrDefault(d => d.Document == CaseDocumentKind.ReviewOpinion && d.ResultNo == no);

    /// <summary>
    /// The last moment a review of this level may be asked for, or the refusal when the case offers none: no handling
    /// opinion delivered, a review already open, this opinion already reviewed, the matter final.
    /// </summary>
    public static (DateTimeOffset? ClosesAt, RuleViolation? Refusal) Window(PetitionCase s, ReviewLevel level)
    {
        if (IsFinal(s)) return (null, Conflict(s, Rules.MatterFinal, "The matter is final: its 复核 has been answered."));
        if (Open(s) is { } open) return (null, Conflict(s, Rules.ReviewOpen, $"Review {open.No} is still waiting for its answer."));
        if (level == ReviewLevel.Review)
        {
            if (s.Reviews.Any(r => r.Level == ReviewLevel.Review && r.ResultNo == s.Results.Count && r.Answer?.Outcome != ReviewOutcome.SetAside))
                return (null, Conflict(s, Rules.AlreadyReviewed, "This handling opinion has had its 复查: the next step is a 复核."));
            return CaseDocuments.ReviewWindowClosesAt(s) is { } closes
                ? (closes, null)
                : (null, Conflict(s, Rules.NoOpinionToReview, "No handling opinion has been delivered: there is nothing to review yet."));
        }

        if (ReReviewable(s) is not { } answered)
            return (null, Conflict(s, Rules.NoOpinionToReview, "A 复核 follows an answered 复查 (upheld or changed)."));
        return OpinionDelivery(s, answered.No) is { } delivered
            ? (Deadlines.DaysAfter(delivered.DeliveredAt, WindowDays), null)
            : (null, Conflict(s, Rules.NoOpinionToReview, $"The 复查 opinion of review {answered.No} has not been delivered yet."));
    }

    /// <summary>The moment the review opinion of a review came into being (its answer), or null.</summary>
    public static DateTimeOffset? LatestAnsweredAt(PetitionCase s) => s.Reviews.LastOrDefault(r => r.Answer is not null)?.Answer!.DecidedAt;

    private static RuleViolation Conflict(PetitionCase s, string rule, string message) => new(rule, ViolationKind.Conflict, message, s.Status);

    /// <summary>The China date a review window closed, as messages write it.</summary>
    public static string DateText(DateTimeOffset instant) => ChinaTime.DateOf(instant).ToString("yyyy-MM-dd");
}
