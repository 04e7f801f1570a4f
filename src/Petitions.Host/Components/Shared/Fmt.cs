using System.Globalization;
using Petitions.Domain.Common;

namespace Petitions.Host.Components.Shared;

/// <summary>Dates as people here read them: China Standard Time (UTC+8), whatever the server's zone.</summary>
public static class Fmt
{
    public static string At(DateTimeOffset? instant) =>
        instant is { } i ? i.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Date(DateTimeOffset? instant) =>
        instant is { } i ? ChinaTime.DateOf(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    /// <summary>Calendar days from today (UTC+8) to the due date: negative when overdue.</summary>
    public static int? DaysLeft(DateTimeOffset? due, DateTimeOffset now) =>
        due is { } d ? ChinaTime.DateOf(d).DayNumber - ChinaTime.DateOf(now).DayNumber : null;

    /// <summary>A wall-clock date and time typed in the UI, read as UTC+8.</summary>
    public static DateTimeOffset FromChina(DateTime date, TimeSpan? time = null) =>
        new DateTimeOffset(date.Date + (time ?? TimeSpan.Zero), ChinaTime.Offset).ToUniversalTime();

    /// <summary>The end of a China calendar day (a deadline picked as a date).</summary>
    public static DateTimeOffset EndOfChinaDay(DateTime date) => ChinaTime.EndOfDay(DateOnly.FromDateTime(date));

    public static DateTime ChinaNow(DateTimeOffset now) => now.ToOffset(ChinaTime.Offset).DateTime;

    /// <summary>A rate (0.721) as a percentage with one decimal, rounded half away from zero like the statistics.</summary>
    public static string Percent(decimal? rate) =>
        rate is { } r ? Math.Round(r * 100m, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Percent(double? rate) => Percent((decimal?)rate);

    /// <summary>A rate of the statistics (StatsRow: a percentage, 72.1; null when its denominator is 0) written like <see cref="Percent(decimal?)"/>.</summary>
    public static string Rate(decimal? percent) => Percent(percent / 100m);

    /// <summary>Whether the page is read in Chinese (the default) rather than English: punctuation follows the language.</summary>
    public static bool Chinese => !CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>"办理期限：2026-01-31" in Chinese, "Handling due: 2026-01-31" in English.</summary>
    public static string Labeled(string label, string? value) => Chinese ? $"{label}：{value}" : $"{label}: {value}";

    /// <summary>"（note）" after Chinese text, " (note)" after English.</summary>
    public static string Paren(string? text) => string.IsNullOrEmpty(text) ? "" : Chinese ? $"（{text}）" : $" ({text})";

    /// <summary>The list separator: "、" in Chinese, ", " in English.</summary>
    public static string ListSeparator => Chinese ? "、" : ", ";

    /// <summary>"2094 / 2905 = 72.1%": the exact fraction behind a rate.</summary>
    public static string Fraction(long numerator, long denominator) =>
        denominator == 0 ? "0 / 0" : $"{numerator} / {denominator} = {Percent((decimal)numerator / denominator)}";
}
