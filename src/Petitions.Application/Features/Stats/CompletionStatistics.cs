using System.Reflection;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Stats;

public enum StatsGroupBy { Unit, Round, Category, Batch }

/// <summary>Which cases the rates are about. Unit: the unit's whole subtree, by lead unit. From/To: received, China dates, inclusive.</summary>
public sealed record StatsFilter
{
    public string? Round { get; init; }
    public int? Batch { get; init; }
    public string? Unit { get; init; }
    public Category? Category { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
}

/// <summary>
/// The rates managers watch (completion, on-time, satisfaction, substantiated; docs/domain-rules.md "Rates") for one group, with the exact counts behind every rate.
/// Rates are percentages rounded to one decimal, null when their denominator is 0.
/// </summary>
public sealed record StatsRow
{
    public string? Key { get; init; }
    public required string Name { get; init; }
    /// <summary>Cases in the filter that are neither NotAccepted nor Diverted; every measure below except those two excludes them.</summary>
    public int Total { get; init; }
    public int NotAccepted { get; init; }
    /// <summary>Diverted to another competent body (转送): counted apart, not in the completion rate's denominator.</summary>
    public int Diverted { get; init; }
    /// <summary>Status Closed, final and stage closures both.</summary>
    public int Closed { get; init; }
    public int ClosedFinal { get; init; }
    public int ClosedStage { get; init; }
    public int Open { get; init; }
    /// <summary>Closed / Total.</summary>
    public decimal? CompletionRate { get; init; }
    public int ClosedOnTime { get; init; }
    /// <summary>ClosedOnTime / (Closed + Overdue): an open overdue case lowers it.</summary>
    public decimal? OnTimeRate { get; init; }
    /// <summary>Open and past due now.</summary>
    public int Overdue { get; init; }
    /// <summary>Repeat complaints linked to the cases of this group (counted against the original case).</summary>
    public int Repeats { get; init; }
    /// <summary>Cases of this group that are themselves repeats.</summary>
    public int RepeatCases { get; init; }
    public int Dissatisfied { get; init; }
    public int AnsweredCallbacks { get; init; }
    /// <summary>Satisfied + basically satisfied.</summary>
    public int Satisfied { get; init; }
    /// <summary>Satisfied / AnsweredCallbacks.</summary>
    public decimal? SatisfactionRate { get; init; }
    public int WithVerdict { get; init; }
    /// <summary>Substantiated + partly substantiated.</summary>
    public int Substantiated { get; init; }
    /// <summary>Substantiated / WithVerdict.</summary>
    public decimal? SubstantiatedRate { get; init; }

    /// <summary>
    /// The counted measures: every int property. Each is one SQL aggregate of the read model (the Infrastructure's
    /// measure table, checked against this list), summed over groups and subtrees by name.
    /// </summary>
    public static readonly IReadOnlyList<PropertyInfo> Measures =
        typeof(StatsRow).GetProperties().Where(p => p.PropertyType == typeof(int)).ToList();

    public static decimal? Rate(long numerator, long denominator) =>
        denominator == 0 ? null : Math.Round(numerator * 100m / denominator, 1, MidpointRounding.AwayFromZero);
}

/// <summary>The counts of one group of the grouped statistics query: its keys, its lead unit, and one value per measure.</summary>
public sealed record GroupCounts(string LeadUnit, string? RoundCode, long? BatchNo, string? Category, IReadOnlyDictionary<string, long> Measures);

/// <summary>Which instant of a case a weekly count buckets by.</summary>
public enum CaseInstant { Received, Closed }

/// <summary>Aggregates of the read model's case index for statistics.</summary>
public interface IStatisticsQueries
{
    /// <summary>
    /// Counts every <see cref="StatsRow.Measures"/> measure over the cases of the filter, led by a unit of
    /// <paramref name="leadUnits"/> (null: any): per lead unit when grouped by unit or not grouped, else per round,
    /// batch or category with the lead units added up (<see cref="GroupCounts.LeadUnit"/> empty). A case with two
    /// categories counts once in each category group. Overdue is judged at <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<GroupCounts>> CountAsync(StatsFilter filter, IReadOnlyCollection<string>? leadUnits, StatsGroupBy? groupBy, DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>Cases per 7-day span from <paramref name="origin"/> by the given instant, for <paramref name="weeks"/> spans.</summary>
    Task<long[]> CountPerWeekAsync(CaseInstant instant, DateTimeOffset origin, int weeks, IReadOnlyCollection<string>? leadUnits, string? round,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// Completion statistics from the read model, for any scope: one query counts per (group key, lead unit), and
/// C# adds those up into groups and unit subtrees, so a parent's row is exactly the sum of its children's by
/// construction. Used by GET /api/stats/completion and by the round and unit pages. A unit's statistics by unit or
/// round (the unit page, the dashboard's drill-down) come from the unit's grain, which keeps them in memory.
/// </summary>
public sealed class CompletionStatistics(IStatisticsQueries queries, RoundCatalog rounds, UnitDirectory units, IClock clock, IGrainFactory grains)
{
    public const string AllKey = "all";
    public const string AllName = "合计";
    public const string DailyName = "日常信访";

    /// <summary>
    /// The round filter of the daily complaints (日常信访: cases of no inspection round). Not a round code (codes are
    /// letters, digits and '-'), so no round can take it.
    /// </summary>
    public const string DailyKey = "_daily";
    public const string OwnLevelSuffix = "（本级）";


    public async Task<IReadOnlyList<StatsRow>> ComputeAsync(StatsFilter filter, StatsGroupBy? groupBy, Scope scope, CancellationToken cancellationToken = default)
    {
        var tree = await units.GetAsync(cancellationToken);
        var leadUnits = LeadUnits(filter.Unit, scope, tree);
        // The daily complaints: every case counted by round, keeping the groups of no round (the validator allows the
        // daily filter with no grouping, or grouping by unit or round, whose counts this keeps whole).
        var daily = filter.Round == DailyKey;
        var query = daily ? filter with { Round = null } : filter;
        var queryGroup = daily && groupBy is null or StatsGroupBy.Unit ? StatsGroupBy.Round : groupBy;
        // An empty set of lead units matches nothing: no query.
        var counts = leadUnits is { Count: 0 }
            ? []
            : (await CountAsync(query, leadUnits, queryGroup, cancellationToken))
                .Where(c => !daily || c.RoundCode is null).Select(c => (c, new Counts(c.Measures))).ToList();
        return groupBy switch
        {
            null => [Row(AllKey, AllName, Counts.Sum(counts.Select(c => c.Item2)))],
            StatsGroupBy.Unit => ByUnit(counts, filter.Unit, scope, tree),
            StatsGroupBy.Round => ByRound(counts, filter, await rounds.ListAsync(null, cancellationToken)),
            StatsGroupBy.Batch => ByBatch(counts, filter, await rounds.ListAsync(null, cancellationToken)),
            StatsGroupBy.Category => ByCategory(counts, filter),
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy)),
        };
    }

    /// <summary>
    /// The counts per lead unit (and round when grouped by round): a unit's from its grain when the filter is one the
    /// grain's counters answer (a unit, perhaps a round, no batch, category or dates), else from the counter tables.
    /// </summary>
    private async Task<IReadOnlyList<GroupCounts>> CountAsync(StatsFilter filter, IReadOnlySet<string>? leadUnits, StatsGroupBy? groupBy, CancellationToken cancellationToken)
    {
        if (filter is { Unit: { } unit, Batch: null, Category: null, From: null, To: null } && leadUnits is not null && groupBy is null or StatsGroupBy.Unit or StatsGroupBy.Round)
        {
            var statistics = await grains.GetGrain<IResponsibleUnitGrain>(unit).GetStatistics();
            var byRound = groupBy == StatsGroupBy.Round;
            return statistics.Groups
                .Where(g => leadUnits.Contains(g.LeadUnit) && (filter.Round is null || g.RoundCode == filter.Round))
                .Select(g => new GroupCounts(g.LeadUnit, byRound ? g.RoundCode : null, null, null, g.Measures))
                .ToList();
        }

        return await queries.CountAsync(filter, leadUnits?.ToList(), groupBy, clock.UtcNow, cancellationToken);
    }

    /// <summary>The units whose led cases the filter and scope count, or null for all units.</summary>
    public static IReadOnlySet<string>? LeadUnits(string? unit, Scope scope, UnitTree tree)
    {
        if (unit is null) return scope.Everything ? null : scope.Units;
        var subtree = tree.Subtree(unit);
        return scope.Everything ? subtree : subtree.Where(scope.Units.Contains).ToHashSet();
    }

    // ---- rolling counts up into rows ------------------------------------------------------------------------

    private static List<StatsRow> ByUnit(List<(GroupCounts Group, Counts Counts)> counts, string? unit, Scope scope, UnitTree tree)
    {
        var byLead = counts.GroupBy(c => c.Group.LeadUnit).ToDictionary(g => g.Key, g => Counts.Sum(g.Select(c => c.Counts)));
        var rows = new List<StatsRow>();
        IEnumerable<UnitNode> groups;
        if (unit is not null)
        {
            if (byLead.TryGetValue(unit, out var own) && own.Cases > 0) rows.Add(Row(unit, tree.NameOf(unit) + OwnLevelSuffix, own));
            groups = tree.ChildrenOf(unit);
        }
        else
        {
            groups = tree.Roots;
        }

        var covered = new HashSet<string>();
        foreach (var group in groups)
        {
            var subtree = tree.Subtree(group.Code);
            covered.UnionWith(subtree);
            if (!scope.Everything && !subtree.Overlaps(scope.Units)) continue;
            rows.Add(Row(group.Code, group.Name, Counts.Sum(subtree.Where(byLead.ContainsKey).Select(u => byLead[u]))));
        }

        // Cases led by a code the tree no longer knows still count, in a row of their own.
        if (unit is null)
        {
            rows.AddRange(byLead.Where(kv => !covered.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => Row(kv.Key, kv.Key, kv.Value)));
        }

        return rows;
    }

    private static List<StatsRow> ByRound(List<(GroupCounts Group, Counts Counts)> counts, StatsFilter filter, IReadOnlyList<RoundView> rounds)
    {
        var byRound = counts.GroupBy(c => c.Group.RoundCode ?? "").ToDictionary(g => g.Key, g => Counts.Sum(g.Select(c => c.Counts)));
        var rows = new List<StatsRow>();
        foreach (var round in rounds.Where(r => filter.Round is null || r.Code == filter.Round))
        {
            rows.Add(Row(round.Code, round.Name, byRound.GetValueOrDefault(round.Code) ?? new Counts()));
        }

        var known = rounds.Select(r => r.Code).ToHashSet();
        rows.AddRange(byRound.Where(kv => kv.Key.Length > 0 && !known.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Row(kv.Key, kv.Key, kv.Value)));
        if (byRound.TryGetValue("", out var daily)) rows.Add(Row(null, DailyName, daily));
        return rows;
    }

    private static List<StatsRow> ByBatch(List<(GroupCounts Group, Counts Counts)> counts, StatsFilter filter, IReadOnlyList<RoundView> rounds)
    {
        var byBatch = counts.GroupBy(c => (Round: c.Group.RoundCode ?? "", Batch: c.Group.BatchNo)).ToDictionary(g => g.Key, g => Counts.Sum(g.Select(c => c.Counts)));
        var roundOrder = rounds.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var roundNames = rounds.ToDictionary(r => r.Code, r => r.Name);
        var keys = rounds.SelectMany(r => r.Batches.Select(b => (RoundCode: r.Code, b.BatchNo)))
            .Where(b => (filter.Round is null || b.RoundCode == filter.Round) && (filter.Batch is null || b.BatchNo == filter.Batch))
            .Select(b => (Round: b.RoundCode, Batch: (long?)b.BatchNo))
            .Union(byBatch.Keys.Where(k => k.Round.Length > 0))
            .OrderBy(k => roundOrder.GetValueOrDefault(k.Round, int.MaxValue)).ThenBy(k => k.Round, StringComparer.Ordinal)
            .ThenBy(k => k.Batch ?? long.MaxValue);
        var rows = new List<StatsRow>();
        foreach (var key in keys)
        {
            var roundName = roundNames.GetValueOrDefault(key.Round, key.Round);
            rows.Add(key.Batch is { } n
                ? Row($"{key.Round}/{n}", $"{roundName} 第{n}批", byBatch.GetValueOrDefault(key) ?? new Counts())
                : Row($"{key.Round}/-", $"{roundName}（未分批）", byBatch[key]));
        }

        if (byBatch.TryGetValue(("", null), out var daily)) rows.Add(Row(null, DailyName, daily));
        return rows;
    }

    private static List<StatsRow> ByCategory(List<(GroupCounts Group, Counts Counts)> counts, StatsFilter filter)
    {
        var byCategory = counts.GroupBy(c => c.Group.Category ?? "").ToDictionary(g => g.Key, g => Counts.Sum(g.Select(c => c.Counts)));
        return Enum.GetValues<Category>()
            .Where(c => filter.Category is null || c == filter.Category)
            // Named by the code: the names live with the clients' translations (the UI's Category_<code>), not here.
            .Select(c => Row(c.ToString(), c.ToString(), byCategory.GetValueOrDefault(c.ToString()) ?? new Counts()))
            .ToList();
    }

    /// <summary>A row: every measure from the counts, then the rates (each the quotient of two measures).</summary>
    private static StatsRow Row(string? key, string name, Counts c)
    {
        var row = new StatsRow { Key = key, Name = name };
        foreach (var measure in StatsRow.Measures) measure.SetValue(row, checked((int)c[measure.Name]));
        return row with
        {
            CompletionRate = StatsRow.Rate(c[nameof(StatsRow.Closed)], c[nameof(StatsRow.Total)]),
            OnTimeRate = StatsRow.Rate(c[nameof(StatsRow.ClosedOnTime)], c[nameof(StatsRow.Closed)] + c[nameof(StatsRow.Overdue)]),
            SatisfactionRate = StatsRow.Rate(c[nameof(StatsRow.Satisfied)], c[nameof(StatsRow.AnsweredCallbacks)]),
            SubstantiatedRate = StatsRow.Rate(c[nameof(StatsRow.Substantiated)], c[nameof(StatsRow.WithVerdict)]),
        };
    }

    /// <summary>The measures of one group, or of a sum of groups, by measure name. Long: SQL sums are 64-bit.</summary>
    private sealed class Counts
    {
        private readonly Dictionary<string, long> values = new(StringComparer.Ordinal);

        public Counts()
        {
        }

        public Counts(IReadOnlyDictionary<string, long> measures)
        {
            foreach (var (name, value) in measures) values[name] = value;
        }

        public long this[string measure] => values.GetValueOrDefault(measure);

        /// <summary>Every case of the group, not-accepted and diverted ones included.</summary>
        public long Cases => this[nameof(StatsRow.Total)] + this[nameof(StatsRow.NotAccepted)] + this[nameof(StatsRow.Diverted)];

        public static Counts Sum(IEnumerable<Counts> parts)
        {
            var sum = new Counts();
            foreach (var part in parts)
            {
                foreach (var (name, value) in part.values) sum.values[name] = sum[name] + value;
            }

            return sum;
        }
    }
}
