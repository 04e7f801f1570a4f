using System.Text.RegularExpressions;

namespace Petitions.Domain.Rectification;

/// <summary>
/// A rectification deadline (整改时限) as written, and as a date where one is given: "2024年6月底" → 2024-06-30,
/// "2023年底前" → 2023-12-31, "2025年10月底前" → 2025-10-31, "2022年9月15日" → 2022-09-15; "立行立改，长期坚持"
/// → immediate and ongoing, with no date (such a task is never overdue by date).
/// </summary>
public sealed partial record RectificationDeadline(string Written, DateOnly? Date, bool Immediate, bool Ongoing)
{
    public static RectificationDeadline? TryParse(string? written)
    {
        if (string.IsNullOrWhiteSpace(written)) return null;
        var text = written.Trim();
        var compact = text.Replace(" ", "").Replace("　", "");
        var dated = DateForm().Match(compact);
        if (dated.Success)
        {
            var year = int.Parse(dated.Groups["y"].Value);
            if (!dated.Groups["m"].Success) return new(text, new DateOnly(year, 12, 31), false, false);
            var month = int.Parse(dated.Groups["m"].Value);
            if (month is < 1 or > 12) return null;
            if (dated.Groups["d"].Success)
            {
                var day = int.Parse(dated.Groups["d"].Value);
                return day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new(text, new DateOnly(year, month, day), false, false) : null;
            }

            return new(text, new DateOnly(year, month, DateTime.DaysInMonth(year, month)), false, false);
        }

        // "立行立改，长期坚持" (also with 、 or , between the parts, or either part alone).
        var parts = compact.Split(['，', '、', ',', '；', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2 || parts.Any(p => p is not (Immediately or LongTerm))) return null;
        return new(text, null, parts.Contains(Immediately), parts.Contains(LongTerm));
    }

    public static RectificationDeadline Parse(string written) =>
        TryParse(written) ?? throw new FormatException($"'{written}' is not a deadline form (整改时限) this ledger knows.");

    public const string Immediately = "立行立改";
    public const string LongTerm = "长期坚持";

    /// <summary>Past its date on <paramref name="asOf"/> (a deadline day itself is still in time).</summary>
    public bool IsPast(DateOnly asOf) => Date is { } date && date < asOf;

    [GeneratedRegex(@"^(?<y>\d{4})年(?:(?<m>\d{1,2})月(?:(?<d>\d{1,2})日|底)?|底)(?:前|之前)?$")]
    private static partial Regex DateForm();
}
