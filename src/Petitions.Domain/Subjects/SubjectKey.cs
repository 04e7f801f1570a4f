using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Petitions.Domain.Subjects;

/// <summary>
/// The subject of a complaint (what repeat complaints share): a region plus the complained-about
/// company or site, with the name normalised so that the many ways of writing it compare equal.
/// </summary>
public static class SubjectKey
{
    public const char Separator = '|';

    // Full legal forms never identify a company, and a branch's name embeds its parent's, so they go wherever they stand.
    private static readonly string[] LegalForms = ["股份有限公司", "有限责任公司", "有限公司"];

    // Shorter forms are dropped only at the end: inside a name "集团"/"公司" can be part of what identifies it (宝钢集团新疆八一钢铁).
    private static readonly string[] TrailingForms = ["股份公司", "总公司", "集团", "公司"];

    // A branch (分公司) is its own site with its own managers and complaints, so it stays distinct from its parent.
    private const string Branch = "分公司";

    /// <summary>
    /// Normalises a company or site name for repeat detection: NFKC, no whitespace, punctuation,
    /// symbols or brackets, lower case, and no legal-form suffixes. Site words (厂, 矿, 站, 场) are kept
    /// because they tell sites of one owner apart. Returns "" only when the input holds no letters or digits.
    /// </summary>
    public static string Normalize(string target)
    {
        ArgumentNullException.ThrowIfNull(target);

        var name = KeepLettersAndDigits(target.Normalize(NormalizationForm.FormKC)).ToLowerInvariant();

        foreach (var form in LegalForms)
        {
            var without = name.Replace(form, string.Empty, StringComparison.Ordinal);
            // A name that is nothing but legal forms is still what the complainant wrote: keep it whole, never "".
            if (without.Length == 0)
            {
                return name;
            }

            name = without;
        }

        // Repeat until stable: "X集团有限公司" and "X（集团）股份有限公司" both peel down to "X".
        bool stripped;
        do
        {
            stripped = false;
            if (name.EndsWith(Branch, StringComparison.Ordinal))
            {
                break;
            }

            foreach (var form in TrailingForms)
            {
                if (name.Length > form.Length && name.EndsWith(form, StringComparison.Ordinal))
                {
                    name = name[..^form.Length];
                    stripped = true;
                    break;
                }
            }
        }
        while (stripped);

        return name;
    }

    /// <summary>The subject key of a complaint: <c>{regionCode}|{Normalize(target)}</c>.</summary>
    /// <exception cref="ArgumentException">The region is blank or holds the separator, or the target normalises to "".</exception>
    public static string For(string regionCode, string target)
    {
        if (!TryFor(regionCode, target, out var key))
        {
            // An empty name would make every such complaint in the region a "repeat" of every other.
            throw new ArgumentException("The target has no letters or digits to identify a subject.", nameof(target));
        }

        return key;
    }

    /// <summary>Like <see cref="For"/>, but answers false instead of throwing when the target normalises to "".</summary>
    public static bool TryFor(string regionCode, string? target, [NotNullWhen(true)] out string? key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        if (regionCode.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A region code cannot contain '{Separator}'.", nameof(regionCode));
        }

        var normalised = target is null ? string.Empty : Normalize(target);
        key = normalised.Length == 0 ? null : $"{regionCode}{Separator}{normalised}";
        return key is not null;
    }

    // Categories rather than a list: brackets and dots come in too many widths and scripts (（【「《·—) to enumerate.
    private static string KeepLettersAndDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                // Combining marks belong to the letter before them (Uyghur and accented Latin names).
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return builder.ToString();
    }
}
