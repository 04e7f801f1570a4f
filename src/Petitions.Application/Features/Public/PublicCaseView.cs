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

/// <summary>
/// What the self-service lookup shows a complainant: never a name, phone, address, handler or internal note — only
/// the stage, the deadlines, the responsible unit's name and the result's public summary.
/// </summary>
/// <param name="WrittenOpinion">The delivered written handling opinion (信访处理意见书); null until one is delivered.</param>
/// <param name="CanRate">A result is in and the case has not been rated: the complainant may rate now.</param>
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
    PublicCaseRating? Rating)
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
        c.Rating is { } r ? new PublicCaseRating(r.Satisfaction, r.RatedAt) : null);

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
