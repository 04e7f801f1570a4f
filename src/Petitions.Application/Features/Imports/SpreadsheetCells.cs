using System.Globalization;
using System.Text.RegularExpressions;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Imports;

/// <summary>
/// Reading the cells of imported spreadsheets the way people fill them in: text trimmed, dates as Excel dates or as
/// text (2026-11-20 10:00, 2026/11/20, 2026年11月20日 10时), regions by code or by name, pollution types by their words. Times without a zone are China
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
    public static DateTimeOffset? Instant(object? cell) => Moment(cell)?.At;

    /// <summary>
    /// As <see cref="Instant"/>, and whether the cell gave a time of day (an Excel date at midnight, or text without
    /// a time, gives none: an import that knows more about the day may place it).
    /// </summary>
    public static (DateTimeOffset At, bool HasTime)? Moment(object? cell)
    {
        switch (cell)
        {
            case null:
                return null;
            case DateTime dt:
                return (ChinaWallClock(dt), dt.TimeOfDay != TimeSpan.Zero);
            case DateTimeOffset dto:
                return (dto, true);
            case double serial when serial is > 1 and < 2958466:
                return FromSerial(serial);
            case string text:
                return ParseText(text);
            default:
                return ParseText(Text(cell));
        }
    }

    private static (DateTimeOffset At, bool HasTime) FromSerial(double serial)
    {
        var local = DateTime.FromOADate(serial);
        return (ChinaWallClock(local), local.TimeOfDay != TimeSpan.Zero);
    }

    private static (DateTimeOffset At, bool HasTime)? ParseText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var match = DateText().Match(text.Trim());
        if (!match.Success)
        {
            // A serial number written as text, e.g. "46346.5".
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958466
                ? FromSerial(serial)
                : null;
        }

        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : fallback;
        var (year, month, day) = (Part("y", 0), Part("m", 0), Part("d", 0));
        var (hour, minute, second) = (Part("h", 0), Part("min", 0), Part("s", 0));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
        return (new DateTimeOffset(year, month, day, hour, minute, second, ChinaTime.Offset), match.Groups["h"].Success);
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

    /// <summary>The words lists and ledgers use for pollution types; an enum name (Air, Noise…) is accepted as well.</summary>
    public static readonly IReadOnlyDictionary<string, Category> CategoryWords = new Dictionary<string, Category>(StringComparer.OrdinalIgnoreCase)
    {
        ["大气"] = Category.Air, ["大气污染"] = Category.Air, ["废气"] = Category.Air, ["空气"] = Category.Air,
        ["水"] = Category.Water, ["水污染"] = Category.Water, ["废水"] = Category.Water,
        ["土壤"] = Category.Soil, ["土壤污染"] = Category.Soil,
        ["噪声"] = Category.Noise, ["噪音"] = Category.Noise, ["噪声污染"] = Category.Noise,
        ["固废"] = Category.SolidWaste, ["固体废物"] = Category.SolidWaste, ["固体废物污染"] = Category.SolidWaste, ["垃圾"] = Category.SolidWaste,
        ["生态"] = Category.Ecology, ["生态破坏"] = Category.Ecology,
        ["辐射"] = Category.Radiation, ["电磁辐射"] = Category.Radiation,
        ["其他"] = Category.Other, ["其它"] = Category.Other,
    };

    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', '/', ' ', '|'];

    /// <summary>The categories a cell names (each once, in order; none for an empty cell), or null with the first word it does not know.</summary>
    public static (IReadOnlyList<Category>? Categories, string? Unknown) Categories(string? cell)
    {
        if (cell is null) return ([], null);
        var categories = new List<Category>();
        foreach (var word in cell.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!CategoryWords.TryGetValue(word, out var category) && !(Enum.TryParse(word, ignoreCase: true, out category) && Enum.IsDefined(category)))
                return (null, word);
            if (!categories.Contains(category)) categories.Add(category);
        }

        return (categories, null);
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?(?:[\sT]*(?<h>\d{1,2})\s*[:：时]\s*(?<min>\d{1,2})?\s*(?:[:：分]\s*(?<s>\d{1,2})?\s*秒?)?)?$")]
    private static partial Regex DateText();
}
