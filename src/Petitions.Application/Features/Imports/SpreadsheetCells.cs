using System.Globalization;
using System.Text.RegularExpressions;
using Petitions.Application.Common.Units;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Imports;

/// <summary>
/// Reading the cells of imported spreadsheets the way people fill them in: text trimmed, dates as Excel dates or as
/// text (2026-11-20 10:00, 2026/11/20, 2026年11月20日 10时), regions by code or by name. Times without a zone are China
/// time. Shared by every spreadsheet import.
/// </summary>
public static partial class SpreadsheetCells
{
    /// <summary>The cell as trimmed text, or null when empty (numbers in invariant form, whole numbers without ".0").</summary>
    public static string? Text(object? cell) => cell switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : null,
    };

    /// <summary>
    /// The instant a date cell means, or null when it is not a date: an Excel date (a date-formatted cell, or its
    /// serial number), or text as above. A date without a time is the start of that China day.
    /// </summary>
    public static DateTimeOffset? Instant(object? cell)
    {
        switch (cell)
        {
            case null:
                return null;
            case DateTime dt:
                return ChinaWallClock(dt);
            case DateTimeOffset dto:
                return dto;
            case double serial when serial is > 1 and < 2958466:
                return ChinaWallClock(DateTime.FromOADate(serial));
            case string text:
                return ParseText(text);
            default:
                return ParseText(Text(cell));
        }
    }

    private static DateTimeOffset? ParseText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var match = DateText().Match(text.Trim());
        if (!match.Success)
        {
            // A serial number written as text, e.g. "46346.5".
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958466
                ? ChinaWallClock(DateTime.FromOADate(serial))
                : null;
        }

        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var (year, month, day) = (Part("y", 0), Part("m", 0), Part("d", 0));
        var (hour, minute, second) = (Part("h", 0), Part("min", 0), Part("s", 0));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
        return new DateTimeOffset(year, month, day, hour, minute, second, ChinaTime.Offset);
    }

    private static DateTimeOffset ChinaWallClock(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime.Offset);

    /// <summary>
    /// The unit code a region cell names: an active unit's code, or the exact name of exactly one active unit (names
    /// are not guessed). Null when unknown or ambiguous.
    /// </summary>
    public static string? RegionCode(string? cell, UnitTree tree)
    {
        if (string.IsNullOrWhiteSpace(cell)) return null;
        var value = cell.Trim();
        if (tree.IsActive(value)) return value;
        var named = tree.All.Where(u => u.Active && string.Equals(u.Name, value, StringComparison.Ordinal)).Take(2).ToList();
        return named.Count == 1 ? named[0].Code : null;
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?(?:[\sT]*(?<h>\d{1,2})\s*[:：时]\s*(?<min>\d{1,2})?\s*(?:[:：分]\s*(?<s>\d{1,2})?\s*秒?)?)?$")]
    private static partial Regex DateText();
}
