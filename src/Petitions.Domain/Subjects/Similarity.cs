namespace Petitions.Domain.Subjects;

/// <summary>How alike two normalised subject names are, for ranking possible repeats at intake.</summary>
public static class Similarity
{
    /// <summary>
    /// Dice coefficient over character bigrams (counted with multiplicity) of two strings already passed
    /// through <see cref="SubjectKey.Normalize"/>; in [0, 1], 0 when either is empty.
    /// A one-character string is compared over single characters, since it has no bigram.
    /// </summary>
    public static double Bigrams(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        var left = Runes(a);
        var right = Runes(b);
        if (left.Length == 0 || right.Length == 0)
        {
            return 0;
        }

        var size = left.Length == 1 || right.Length == 1 ? 1 : 2;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var gram in Grams(left, size))
        {
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        var total = left.Length - size + 1 + right.Length - size + 1;
        var shared = 0;
        foreach (var gram in Grams(right, size))
        {
            if (counts.TryGetValue(gram, out var count) && count > 0)
            {
                counts[gram] = count - 1;
                shared++;
            }
        }

        return 2.0 * shared / total;
    }

    /// <summary>
    /// The distinct bigrams of a normalised name, as index terms; a one-character name yields itself
    /// so that it can still be found.
    /// </summary>
    public static IEnumerable<string> BigramsOf(string normalised)
    {
        ArgumentNullException.ThrowIfNull(normalised);

        var runes = Runes(normalised);
        return runes.Length == 0 ? [] : Grams(runes, runes.Length == 1 ? 1 : 2).Distinct(StringComparer.Ordinal).ToArray();
    }

    // Runes, not chars: rare-surname and Extension-B characters are surrogate pairs and must not be split.
    private static string[] Runes(string text) => text.EnumerateRunes().Select(rune => rune.ToString()).ToArray();

    private static IEnumerable<string> Grams(string[] runes, int size)
    {
        for (var i = 0; i + size <= runes.Length; i++)
        {
            yield return size == 1 ? runes[i] : runes[i] + runes[i + 1];
        }
    }
}
