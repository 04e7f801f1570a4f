namespace Petitions.Domain.Subjects;

/// <summary>
/// Which of a probe's index grams (<see cref="Similarity.BigramsOf"/>) a near-match search reads, so that its work does
/// not grow with the number of cases: the grams most cases share (化工, 伊宁, 市某, 路…) have the longest postings and
/// say the least.
/// <list type="number">
/// <item>Prefix filtering, exact: a name with Dice ≥ t (<see cref="Similarity.Bigrams"/>) shares at least
/// m = ⌈t·|A| / (2 − t)⌉ of the probe's |A| grams (counted with multiplicity), so dropping grams that make up at most
/// m − 1 of them — the most frequent first — loses no such name.</item>
/// <item>The budget, not exact: while the postings left to read exceed the budget, the most frequent gram left is
/// dropped too, always keeping the rarest one. A near match that shares with the probe only such very common grams
/// can then be missed (docs/domain-rules.md, "Repeat complaints").</item>
/// </list>
/// </summary>
public static class NearMatchGrams
{
    /// <summary>How many postings one near-match search reads at most (a few milliseconds on either database).</summary>
    public const long PostingBudget = 2_000;

    /// <summary>
    /// Chooses the grams to read for a probe. <paramref name="postings"/>: how many names (targets) or cases
    /// (addresses) of the region hold each gram; a gram missing from it has none. <paramref name="threshold"/>: the
    /// lowest Dice score the caller keeps.
    /// </summary>
    public static GramSelection Select(string normalisedProbe, IReadOnlyDictionary<string, long> postings, double threshold, long budget = PostingBudget)
    {
        ArgumentNullException.ThrowIfNull(normalisedProbe);
        ArgumentNullException.ThrowIfNull(postings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);

        var multiplicity = Multiplicities(normalisedProbe);
        if (multiplicity.Count == 0) return new GramSelection([], [], [], 0);

        long Postings(string gram) => postings.TryGetValue(gram, out var count) ? count : 0;
        // Most frequent first; ties in a fixed order so that the same probe always reads the same grams.
        var byFrequency = multiplicity.Keys.OrderByDescending(Postings).ThenBy(g => g, StringComparer.Ordinal).ToList();

        var total = multiplicity.Values.Sum();
        // The least a name scoring ≥ threshold shares; a hair below the exact value, so that rounding never overstates it.
        var mustShare = Math.Max(1, (int)Math.Ceiling(threshold * total / (2 - threshold) - 1e-9));
        var allowance = mustShare - 1;
        var safe = new List<string>();
        foreach (var gram in byFrequency)
        {
            if (safe.Count == byFrequency.Count - 1) break;
            if (multiplicity[gram] > allowance) continue;
            allowance -= multiplicity[gram];
            safe.Add(gram);
        }

        var kept = byFrequency.Except(safe, StringComparer.Ordinal).ToList();
        var overBudget = new List<string>();
        var toRead = kept.Sum(Postings);
        while (toRead > budget && kept.Count > 1)
        {
            toRead -= Postings(kept[0]);
            overBudget.Add(kept[0]);
            kept.RemoveAt(0);
        }

        return new GramSelection(kept, safe, overBudget, toRead);
    }

    /// <summary>The probe's index grams with how often each occurs in it (the Dice score counts them so).</summary>
    private static Dictionary<string, int> Multiplicities(string normalised)
    {
        var runes = normalised.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (runes.Length == 1)
        {
            counts[runes[0]] = 1;
            return counts;
        }

        for (var i = 0; i + 1 < runes.Length; i++)
        {
            var gram = runes[i] + runes[i + 1];
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }
}

/// <summary>
/// The grams a near-match search reads (<see cref="Kept"/>, rarest last), those left out without losing any name above
/// the threshold (<see cref="DroppedSafely"/>), and those left out for the budget (<see cref="DroppedOverBudget"/>:
/// a name sharing only these may be missed); <see cref="PostingsToRead"/>: the postings of the kept grams.
/// </summary>
public sealed record GramSelection(
    IReadOnlyList<string> Kept, IReadOnlyList<string> DroppedSafely, IReadOnlyList<string> DroppedOverBudget, long PostingsToRead)
{
    /// <summary>Every name scoring at least the threshold shares a kept gram.</summary>
    public bool Complete => DroppedOverBudget.Count == 0;
}
