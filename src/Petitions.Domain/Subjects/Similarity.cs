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

        var left = RuneValues(a);
        var right = RuneValues(b);
        if (left.Length == 0 || right.Length == 0)
        {
            return 0;
        }

        // Each gram as one number (a rune is at most 0x10FFFF, 21 bits); both sorted, the shared grams counted with
        // multiplicity by one merge. Called for every candidate of a near-match search: no string per gram.
        var size = left.Length == 1 || right.Length == 1 ? 1 : 2;
        var x = GramNumbers(left, size);
        var y = GramNumbers(right, size);
        var shared = 0;
        for (int i = 0, j = 0; i < x.Length && j < y.Length;)
        {
            if (x[i] == y[j]) { shared++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }

        return 2.0 * shared / (x.Length + y.Length);
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

    private static int[] RuneValues(string text)
    {
        var values = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes()) values.Add(rune.Value);
        return values.ToArray();
    }

    private static long[] GramNumbers(int[] runes, int size)
    {
        var grams = new long[runes.Length - size + 1];
        for (var i = 0; i < grams.Length; i++)
        {
            grams[i] = size == 1 ? runes[i] : ((long)runes[i] << 21) | (uint)runes[i + 1];
        }

        Array.Sort(grams);
        return grams;
    }

    private static IEnumerable<string> Grams(string[] runes, int size)
    {
        for (var i = 0; i + size <= runes.Length; i++)
        {
            yield return size == 1 ? runes[i] : runes[i] + runes[i + 1];
        }
    }
}
