using Petitions.Domain.Cases;

namespace Petitions.Contracts.ReadModel;

/// <summary>
/// Near matches for repeat detection from the read model's bigram index (never a scan of cases): subjects whose
/// normalised target, and cases whose address, share enough character bigrams with what intake typed.
/// </summary>
public interface IRepeatSearch
{
    /// <summary>Cases about subjects in the region whose normalised target is similar (Dice score ≥ threshold), the exact subject excluded.</summary>
    Task<IReadOnlyList<IndexedRepeatCase>> SimilarTargetsAsync(string regionCode, string normalizedTarget, string? exactSubjectKey, double threshold, CancellationToken cancellationToken);

    /// <summary>Cases in the region whose normalised address is similar (Dice score ≥ threshold).</summary>
    Task<IReadOnlyList<IndexedRepeatCase>> SimilarAddressesAsync(string regionCode, string normalizedAddress, double threshold, CancellationToken cancellationToken);
}

/// <summary>One case found by the near-match index, with its similarity score and what the repeat rule needs.</summary>
public sealed record IndexedRepeatCase(
    string CaseNo,
    double Score,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ClosedAt,
    string LeadUnit,
    Verdict? Verdict,
    string Target,
    string? RepeatOf,
    IReadOnlyList<Category> Categories);
