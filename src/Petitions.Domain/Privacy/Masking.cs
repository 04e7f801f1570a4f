using System.Globalization;

namespace Petitions.Domain.Privacy;

/// <summary>
/// Masks complainant details for people who may see a case but not who complained (units, exports).
/// Null stays null and blank stays as it is, so callers can mask optional fields without checks.
/// </summary>
public static class Masking
{
    private const char Mask = '*';

    /// <summary>First character, then one * per remaining character: 张三 → 张*, 欧阳娜娜 → 欧***; one character → *.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        var info = new StringInfo(name.Trim());
        // A one-character name is the whole name, so nothing of it may show.
        return info.LengthInTextElements == 1
            ? Mask.ToString()
            : info.SubstringByTextElements(0, 1) + new string(Mask, info.LengthInTextElements - 1);
    }

    /// <summary>
    /// Mobile 138****5678; landline 0991-***4567 (area code and last four kept); anything else keeps its
    /// last two characters.
    /// </summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return phone;
        }

        var number = PhoneNumber.Normalize(phone);
        if (number is null)
        {
            return KeepLast(phone.Trim(), 2);
        }

        if (PhoneNumber.IsLandline(number))
        {
            var dash = number.IndexOf('-', StringComparison.Ordinal);
            var local = number[(dash + 1)..];
            return $"{number[..dash]}-{new string(Mask, local.Length - 4)}{local[^4..]}";
        }

        return $"{number[..3]}{new string(Mask, 4)}{number[^4..]}";
    }

    /// <summary>The first six characters (about district level) then ****; six characters or fewer: first character then ***.</summary>
    public static string? Address(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return address;
        }

        var info = new StringInfo(address.Trim());
        // At six characters or fewer, keeping six would show the whole address.
        return info.LengthInTextElements > 6
            ? info.SubstringByTextElements(0, 6) + "****"
            : info.SubstringByTextElements(0, 1) + "***";
    }

    private static string KeepLast(string text, int visible)
    {
        var info = new StringInfo(text);
        var length = info.LengthInTextElements;
        // Too short to keep anything and still hide something: mask it all.
        if (length <= visible)
        {
            return new string(Mask, length);
        }

        return new string(Mask, length - visible) + info.SubstringByTextElements(length - visible);
    }
}
