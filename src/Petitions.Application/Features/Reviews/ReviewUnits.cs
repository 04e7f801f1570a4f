using Petitions.Application.Common.Units;
using Petitions.Application.Features.Notices;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// Who reviews (信访工作条例 Art. 35–36): a 复查 goes to the parent of the lead unit, a 复核 to the parent of the unit
/// that answered the 复查; the top unit of a tree reviews itself.
/// </summary>
public static class ReviewUnits
{
    public static string For(PetitionCase c, ReviewLevel level, UnitTree units)
    {
        var review = NoticeTexts.ReviewUnitOf(units, c.EffectiveLeadUnit);
        return level == ReviewLevel.Review
            ? review
            : NoticeTexts.ReviewUnitOf(units, Domain.Cases.Reviews.ReReviewable(c)?.ReviewingUnit ?? review);
    }

    /// <summary>The level the complainant may ask for now: 复核 once the 复查 opinion has been delivered, else 复查.</summary>
    public static ReviewLevel NextLevel(PetitionCase c) =>
        Domain.Cases.Reviews.ReReviewable(c) is { } answered && Domain.Cases.Reviews.OpinionDelivery(c, answered.No) is not null
            ? ReviewLevel.ReReview
            : ReviewLevel.Review;
}
