using ReviewUnits = Petitions.Application.Features.Reviews.ReviewUnits;
using CaseReviews = Petitions.Domain.Cases.Reviews;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Notices;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Public;

/// <summary>Where a case stands, in the complainant's words (the self-service page translates these).</summary>
public enum PublicStage { Received, NotAccepted, Assigned, InProgress, Answered, Closed, Diverted }

/// <summary>The deadlines the complainant is told: acceptance, handling (as extended) and the one in force.</summary>
public sealed record PublicCaseDeadlines(DateTimeOffset AcceptanceDueAt, DateTimeOffset? HandlingDueAt, DateTimeOffset? DueAt);

/// <summary>The complainant's own rating, as given.</summary>
public sealed record PublicCaseRating(Satisfaction Satisfaction, DateTimeOffset RatedAt);

/// <summary>The complainant's right to 复查 / 复核 now: which, of which unit, until when (24:00 China time).</summary>
public sealed record PublicReviewRight(ReviewLevel Level, string UnitName, DateTimeOffset WindowClosesAt);

/// <summary>A 复查 / 复核 as the complainant sees it: asked when, of which unit, due when, and the written answer once given.</summary>
public sealed record PublicReviewView(int No, ReviewLevel Level, string UnitName, DateTimeOffset RequestedAt, DateTimeOffset? AnswerDueAt,
    bool Paused, ReviewOutcome? Outcome, string? Opinion, DateTimeOffset? DecidedAt);

/// <summary>
/// What the self-service lookup shows a complainant: never a name, phone, address, handler or internal note — only
/// the stage, the deadlines, the responsible unit's name and the result's public summary.
/// </summary>
/// <param name="WrittenOpinion">The delivered written handling opinion (信访处理意见书); null until one is delivered.</param>
/// <param name="CanRate">A result is in and the case has not been rated: the complainant may rate now.</param>
/// <param name="ReviewRight">The 复查 / 复核 the complainant may ask for now (its window open), or null.</param>
/// <param name="Reviews">The complainant's 复查 / 复核 requests and the reviewing units' answers.</param>
/// <param name="Final">A 复核 has been answered: the matter is final.</param>
public sealed record PublicCaseView(
    string CaseNo,
    CaseStatus Status,
    PublicStage Stage,
    DateTimeOffset ReceivedAt,
    PublicCaseDeadlines Deadlines,
    string UnitName,
    string? PublicSummary,
    string? WrittenOpinion,
    bool CanRate,
    PublicCaseRating? Rating,
    PublicReviewRight? ReviewRight,
    IReadOnlyList<PublicReviewView> Reviews,
    bool Final)
{
    public static PublicCaseView From(PetitionCase c, UnitTree units) => new(
        c.CaseNo,
        c.Status,
        StageOf(c),
        c.ReceivedAt,
        new PublicCaseDeadlines(c.AcceptanceDueAt, c.HandlingDueAt, c.IsOpen ? c.DueAt : null),
        units.NameOf(c.EffectiveLeadUnit),
        // The summary answers the complainant once a result stands (not while a reopened case is worked again).
        c.Status is CaseStatus.ResultSubmitted or CaseStatus.Closed ? c.Result?.PublicSummary : null,
        NoticeTexts.PublicOpinion(c, units),
        CaseCommandTable.Applies(c, CaseCommandKind.RateHandling),
        c.Rating is { } r ? new PublicCaseRating(r.Satisfaction, r.RatedAt) : null,
        RightOf(c, units),
        c.Reviews.Select(v => new PublicReviewView(v.No, v.Level, units.NameOf(v.ReviewingUnit), v.RequestedAt, v.IsOpen ? v.AnswerDueAt : null,
            v.IsPaused, v.Answer?.Outcome, v.Answer?.Opinion, v.Answer?.DecidedAt)).ToList(),
        CaseReviews.IsFinal(c));

    /// <summary>The next level's window while the case offers one; the page compares its end with the clock (a late request is refused with the date).</summary>
    private static PublicReviewRight? RightOf(PetitionCase c, UnitTree units)
    {
        if (!CaseCommandTable.Applies(c, CaseCommandKind.RequestReview)) return null;
        var level = ReviewUnits.NextLevel(c);
        var (closes, refusal) = CaseReviews.Window(c, level);
        return refusal is null && closes is { } at ? new PublicReviewRight(level, units.NameOf(ReviewUnits.For(c, level, units)), at) : null;
    }

    public static PublicStage StageOf(PetitionCase c) => c.Status switch
    {
        CaseStatus.Registered => PublicStage.Received,
        CaseStatus.NotAccepted => PublicStage.NotAccepted,
        CaseStatus.Assigned => PublicStage.Assigned,
        CaseStatus.InProgress => PublicStage.InProgress,
        CaseStatus.ResultSubmitted => PublicStage.Answered,
        // Sent to the competent body (转送): the complainant follows it up there.
        CaseStatus.Diverted => PublicStage.Diverted,
        _ => PublicStage.Closed,
    };
}
