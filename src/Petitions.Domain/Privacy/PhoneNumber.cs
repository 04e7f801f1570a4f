using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Petitions.Domain.Privacy;

/// <summary>
/// A complainant's phone number in one canonical form, so that "the same complainant phone" (a repeat
/// complaint signal) matches however it was typed.
/// </summary>
public static partial class PhoneNumber
{
    /// <summary>
    /// The canonical form of a Chinese complainant phone: 11 digits for a mobile ("13812345678"),
    /// "area-local" for a landline ("0991-1234567"), or null when the input is not a plausible complainant
    /// phone (blank, too short or long, 400/800 service numbers, 12345/12369-style hotlines).
    /// </summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        // NFKC turns full-width digits, "＋" and "－" typed with a Chinese IME into ASCII.
        var text = raw.Normalize(NormalizationForm.FormKC).Trim();
        if (Parse(Clean(text)) is { } number)
        {
            return number;
        }

        // Extensions are dropped: the switchboard line is what identifies a caller and what a callback dials.
        var extension = Extension().Match(text);
        return extension.Success ? Parse(Clean(text[..extension.Index])) : null;
    }

    /// <summary>True for a plausible Chinese mobile or landline; false for service numbers, hotlines and junk.</summary>
    public static bool IsPlausible(string? raw) => Normalize(raw) is not null;

    /// <summary>True when <paramref name="normalised"/> (an output of <see cref="Normalize"/>) is a landline.</summary>
    public static bool IsLandline(string normalised) => normalised.Contains('-', StringComparison.Ordinal);

    private static string? Parse(string digits)
    {
        if (Mobile().Match(digits) is { Success: true } mobile)
        {
            return mobile.Groups["number"].Value;
        }

        // Area codes decide the split, not where the caller put a dash: 010 and 02x are three digits, the rest four.
        return Landline().Match(digits) is { Success: true } landline
            ? $"{landline.Groups["area"].Value}-{landline.Groups["local"].Value}"
            : null;
    }

    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var separator = char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
                UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation;
            if (!separator)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // A bare "86" is stripped only before a full mobile, where it cannot be the start of a landline; a lone "0" is a long-distance prefix.
    [GeneratedRegex(@"^(?:\+86|0086|86|0)?(?<number>1[3-9][0-9]{9})$", RegexOptions.CultureInvariant)]
    private static partial Regex Mobile();

    // Local numbers never start with 0; that also keeps "0" + mobile and 400/800 numbers out.
    [GeneratedRegex(@"^(?<area>010|02[0-9]|0[3-9][0-9]{2})(?<local>[1-9][0-9]{6,7})$", RegexOptions.CultureInvariant)]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?:转|分机|ext\.?|x|#|-)\s*[0-9]{1,6}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Extension();
}
