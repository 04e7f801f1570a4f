namespace Petitions.Demo;

/// <summary>
/// The demo data set, decided up front from a fixed seed: two inspection rounds across the 28 units in daily batches,
/// and routine complaints. The same size and anchor give the same plan on every machine; dates are relative to the
/// anchor (the China date of the first demo start), so the data always looks current.
/// </summary>
public sealed class DemoPlan
{
    public const int Seed = 20_161_129;
    public const string Round1 = "R1";
    public const string Round2 = "R2";
    public const int Round2HandlingDays = 10;

    public required DateOnly Anchor { get; init; }
    public required DemoSize Size { get; init; }
    public required IReadOnlyList<DemoRound> Rounds { get; init; }
    public required IReadOnlyList<PlannedCase> Cases { get; init; }

    public static DemoPlan Build(DemoSize size, DateOnly anchor)
    {
        size.Validate();
        return new DemoPlanBuilder(anchor).Build(size);
    }

    /// <summary>
    /// A synthetic load: <paramref name="count"/> routine complaints, each taken through its whole life (registered and
    /// assigned, accepted, visited, answered, called back, closed: six commands). Targets are unique to the run.
    /// </summary>
    public static DemoWork Synthetic(int count, string runId, DateOnly anchor) => new([], new DemoPlanBuilder(anchor).Synthetic(count, runId));

    /// <summary>Exactly <paramref name="count"/> items in the given shares (largest remainder), in a fixed order.</summary>
    public static List<T> Allocate<T>(int count, params (T Item, double Share)[] shares)
    {
        var total = shares.Sum(s => s.Share);
        var exact = shares.Select(s => count * s.Share / total).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, shares.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(count - counts.Sum()))
        {
            counts[i]++;
        }

        return shares.SelectMany((s, i) => Enumerable.Repeat(s.Item, counts[i])).ToList();
    }

    public static string ChineseNumber(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 10 => digits[n],
            < 20 => "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            _ => n.ToString(),
        };
    }
}
