using Orleans;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Notices;
using Petitions.Application.Features.Repeats;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// After a 复核 the matter is final (信访工作条例 Art. 36: the same facts and reasons are not accepted again): a new
/// complaint that the repeat rule finds to be the same matter of a settled case, from the same complainant (the same
/// phone, or the same name when neither has a phone), is registered and not accepted with that reason.
/// </summary>
public static class FinalMatters
{
    /// <summary>The settled case the new one repeats, or null.</summary>
    public static Task<PetitionCase?> SettledForAsync(IGrainFactory grains, IEnumerable<RepeatCandidate> candidates, PetitionCase fresh, CancellationToken cancellationToken) =>
        SettledForAsync(grains, candidates, fresh.Complainant, cancellationToken);

    public static async Task<PetitionCase?> SettledForAsync(IGrainFactory grains, IEnumerable<RepeatCandidate> candidates, Complainant? complainant, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates.Where(c => c.Final && c.Kind == RepeatKind.SameMatter))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await grains.GetGrain<IPetitionCaseGrain>(candidate.CaseNo).Get() is { } earlier && Domain.Cases.Reviews.IsFinal(earlier) && SameComplainant(earlier.Complainant, complainant))
                return earlier;
        }

        return null;
    }

    public static bool SameComplainant(Complainant? earlier, Complainant? fresh)
    {
        if (earlier is null || fresh is null || earlier.Anonymous || fresh.Anonymous) return false;
        if (earlier.PhoneHash is { } a && fresh.PhoneHash is { } b) return a == b;
        return earlier.PhoneHash is null && fresh.PhoneHash is null && earlier.Name is { } n && n == fresh.Name;
    }

    /// <summary>The reason the new complaint is not accepted (the refusal notice quotes it).</summary>
    public static string Reason(PetitionCase settled, UnitTree units)
    {
        var review = settled.Reviews.Last(r => r.Level == ReviewLevel.ReReview && r.Answer is not null);
        return $"该信访事项已于{NoticeTexts.Date(review.Answer!.DecidedAt)}经{units.NameOf(review.ReviewingUnit)}复核终结（原信访件{settled.CaseNo}），" +
               "依照《信访工作条例》第三十六条，以同一事实和理由再次提出的信访请求不再受理";
    }
}
