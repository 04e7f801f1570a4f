using Dapper;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
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
/// The rates of DESIGN.md "Rates (what managers watch)" for one group, with the exact counts behind every rate.
/// Rates are percentages rounded to one decimal, null when their denominator is 0.
/// </summary>
public sealed record StatsRow
{
    public string? Key { get; init; }
    public required string Name { get; init; }
    /// <summary>Cases in the filter that are not NotAccepted; every measure below except NotAccepted excludes those.</summary>
    public int Total { get; init; }
    public int NotAccepted { get; init; }
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

    public static decimal? Rate(long numerator, long denominator) =>
        denominator == 0 ? null : Math.Round(numerator * 100m / denominator, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Completion statistics from the read model, for any scope: one SQL query counts per (group key, lead unit), and
/// C# adds those up into groups and unit subtrees, so a parent's row is exactly the sum of its children's by
/// construction. Used by GET /api/stats/completion, and meant for the rounds and unit pages too.
/// </summary>
public sealed class CompletionStatistics(IDatabase database, UnitDirectory units, IClock clock)
{
    public const string AllKey = "all";
    public const string AllName = "合计";
    public const string DailyName = "日常信访";
    public const string OwnLevelSuffix = "（本级）";

    private const string Measures =
        """
        SUM(CASE WHEN ci.status = 'NotAccepted' THEN 1 ELSE 0 END) AS NotAccepted,
        SUM(CASE WHEN ci.status <> 'NotAccepted' THEN 1 ELSE 0 END) AS Total,
        SUM(CASE WHEN ci.status = 'Closed' THEN 1 ELSE 0 END) AS Closed,
        SUM(CASE WHEN ci.status = 'Closed' AND ci.close_kind = 'Final' THEN 1 ELSE 0 END) AS ClosedFinal,
        SUM(CASE WHEN ci.status = 'Closed' AND ci.close_kind = 'Stage' THEN 1 ELSE 0 END) AS ClosedStage,
        SUM(CASE WHEN ci.is_open = 1 THEN 1 ELSE 0 END) AS OpenCases,
        SUM(CASE WHEN ci.status = 'Closed' AND ci.closed_on_time = 1 THEN 1 ELSE 0 END) AS ClosedOnTime,
        SUM(CASE WHEN ci.is_open = 1 AND ci.due_at < @now THEN 1 ELSE 0 END) AS Overdue,
        SUM(CASE WHEN ci.status <> 'NotAccepted' THEN ci.repeat_count ELSE 0 END) AS Repeats,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.is_repeat = 1 THEN 1 ELSE 0 END) AS RepeatCases,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.satisfaction = 'Dissatisfied' THEN 1 ELSE 0 END) AS Dissatisfied,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS AnsweredCallbacks,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.satisfaction IN ('Satisfied', 'BasicallySatisfied') THEN 1 ELSE 0 END) AS Satisfied,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.verdict IS NOT NULL THEN 1 ELSE 0 END) AS WithVerdict,
        SUM(CASE WHEN ci.status <> 'NotAccepted' AND ci.verdict IN ('Substantiated', 'PartlySubstantiated') THEN 1 ELSE 0 END) AS Substantiated
        """;

    public async Task<IReadOnlyList<StatsRow>> ComputeAsync(StatsFilter filter, StatsGroupBy? groupBy, Scope scope, CancellationToken cancellationToken = default)
    {
        var tree = await units.GetAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = await CountAsync(connection, filter, groupBy, scope, tree, cancellationToken);
        return groupBy switch
        {
            null => [Row(AllKey, AllName, Sum(counts))],
            StatsGroupBy.Unit => ByUnit(counts, filter.Unit, scope, tree),
            StatsGroupBy.Round => ByRound(counts, filter, await RoundsAsync(connection, cancellationToken)),
            StatsGroupBy.Batch => ByBatch(counts, filter, await RoundsAsync(connection, cancellationToken), await BatchesAsync(connection, cancellationToken)),
            StatsGroupBy.Category => ByCategory(counts, filter),
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy)),
        };
    }

    /// <summary>The units whose led cases the filter and scope count, or null for all units.</summary>
    public static IReadOnlySet<string>? LeadUnits(string? unit, Scope scope, UnitTree tree)
    {
        if (unit is null) return scope.Everything ? null : scope.Units;
        var subtree = tree.Subtree(unit);
        return scope.Everything ? subtree : subtree.Where(scope.Units.Contains).ToHashSet();
    }

    private async Task<List<GroupCounts>> CountAsync(System.Data.Common.DbConnection connection, StatsFilter filter, StatsGroupBy? groupBy, Scope scope,
        UnitTree tree, CancellationToken cancellationToken)
    {
        var where = new SqlWhere(database.Dialect).Param("now", clock.UtcNow.ToUnixTimeMilliseconds());
        if (LeadUnits(filter.Unit, scope, tree) is { } leadUnits) where.LeadUnitIn("leadUnits", leadUnits.ToList());
        if (!where.CanMatch) return [];
        if (filter.Round is { } round) where.And("ci.round_code = @round", new { round });
        if (filter.Batch is { } batch) where.And("ci.batch_no = @batch", new { batch });
        if (filter.From is { } from) where.And("ci.received_at >= @fromMs", new { fromMs = QueryValues.StartOfDayMs(from) });
        if (filter.To is { } to) where.And("ci.received_at < @toMs", new { toMs = QueryValues.StartOfDayMs(to.AddDays(1)) });

        var keys = "";
        var join = "";
        if (groupBy == StatsGroupBy.Category)
        {
            // A case with two categories counts once in each.
            join = "JOIN case_category cc ON cc.case_no = ci.case_no";
            keys = "cc.category";
            if (filter.Category is { } only) where.And("cc.category = @category", new { category = only.ToString() });
        }
        else if (filter.Category is { } category)
        {
            where.And("ci.case_no IN (SELECT f.case_no FROM case_category f WHERE f.category = @category)", new { category = category.ToString() });
        }

        if (groupBy == StatsGroupBy.Round) keys = "ci.round_code";
        if (groupBy == StatsGroupBy.Batch) keys = "ci.round_code, ci.batch_no";

        var select = keys.Length == 0 ? "ci.lead_unit" : $"{keys}, ci.lead_unit";
        var aliases = groupBy switch
        {
            StatsGroupBy.Category => "cc.category AS Category, ",
            StatsGroupBy.Round => "ci.round_code AS RoundCode, ",
            StatsGroupBy.Batch => "ci.round_code AS RoundCode, ci.batch_no AS BatchNo, ",
            _ => "",
        };
        var sql = $"SELECT {aliases}ci.lead_unit AS LeadUnit, {Measures} FROM case_index ci {join} {where.Clause} GROUP BY {select}";
        return (await connection.QueryAsync<GroupCounts>(new CommandDefinition(sql, where.Parameters, cancellationToken: cancellationToken))).ToList();
    }

    // ---- rolling counts up into rows ------------------------------------------------------------------------

    private static List<StatsRow> ByUnit(List<GroupCounts> counts, string? unit, Scope scope, UnitTree tree)
    {
        var byLead = counts.GroupBy(c => c.LeadUnit).ToDictionary(g => g.Key, g => Sum(g));
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
            rows.Add(Row(group.Code, group.Name, Sum(subtree.Where(byLead.ContainsKey).Select(u => byLead[u]))));
        }

        // Cases led by a code the tree no longer knows still count, in a row of their own.
        if (unit is null)
        {
            rows.AddRange(byLead.Where(kv => !covered.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => Row(kv.Key, kv.Key, kv.Value)));
        }

        return rows;
    }

    private static List<StatsRow> ByRound(List<GroupCounts> counts, StatsFilter filter, IReadOnlyList<RoundName> rounds)
    {
        var byRound = counts.GroupBy(c => c.RoundCode ?? "").ToDictionary(g => g.Key, g => Sum(g));
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

    private static List<StatsRow> ByBatch(List<GroupCounts> counts, StatsFilter filter, IReadOnlyList<RoundName> rounds, IReadOnlyList<BatchName> batches)
    {
        var byBatch = counts.GroupBy(c => (Round: c.RoundCode ?? "", Batch: c.BatchNo)).ToDictionary(g => g.Key, g => Sum(g));
        var roundOrder = rounds.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var roundNames = rounds.ToDictionary(r => r.Code, r => r.Name);
        var keys = batches
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

    private static List<StatsRow> ByCategory(List<GroupCounts> counts, StatsFilter filter)
    {
        var byCategory = counts.GroupBy(c => c.Category ?? "").ToDictionary(g => g.Key, g => Sum(g));
        return Enum.GetValues<Category>()
            .Where(c => filter.Category is null || c == filter.Category)
            // Named by the code: the names live with the clients' translations (the UI's Category_<code>), not here.
            .Select(c => Row(c.ToString(), c.ToString(), byCategory.GetValueOrDefault(c.ToString()) ?? new Counts()))
            .ToList();
    }

    private static async Task<IReadOnlyList<RoundName>> RoundsAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<RoundName>(new CommandDefinition(
            "SELECT code AS Code, name AS Name FROM rounds ORDER BY starts_on, code", cancellationToken: cancellationToken))).ToList();

    private static async Task<IReadOnlyList<BatchName>> BatchesAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<BatchName>(new CommandDefinition(
            "SELECT round_code AS RoundCode, batch_no AS BatchNo FROM batches", cancellationToken: cancellationToken))).ToList();

    private static StatsRow Row(string? key, string name, Counts c) => new()
    {
        Key = key,
        Name = name,
        Total = checked((int)c.Total),
        NotAccepted = checked((int)c.NotAccepted),
        Closed = checked((int)c.Closed),
        ClosedFinal = checked((int)c.ClosedFinal),
        ClosedStage = checked((int)c.ClosedStage),
        Open = checked((int)c.OpenCases),
        CompletionRate = StatsRow.Rate(c.Closed, c.Total),
        ClosedOnTime = checked((int)c.ClosedOnTime),
        OnTimeRate = StatsRow.Rate(c.ClosedOnTime, c.Closed + c.Overdue),
        Overdue = checked((int)c.Overdue),
        Repeats = checked((int)c.Repeats),
        RepeatCases = checked((int)c.RepeatCases),
        Dissatisfied = checked((int)c.Dissatisfied),
        AnsweredCallbacks = checked((int)c.AnsweredCallbacks),
        Satisfied = checked((int)c.Satisfied),
        SatisfactionRate = StatsRow.Rate(c.Satisfied, c.AnsweredCallbacks),
        WithVerdict = checked((int)c.WithVerdict),
        Substantiated = checked((int)c.Substantiated),
        SubstantiatedRate = StatsRow.Rate(c.Substantiated, c.WithVerdict),
    };

    private static Counts Sum(IEnumerable<Counts> parts)
    {
        var sum = new Counts();
        foreach (var part in parts) sum.Add(part);
        return sum;
    }

    private sealed record RoundName
    {
        public required string Code { get; init; }
        public required string Name { get; init; }
    }

    private sealed record BatchName
    {
        public required string RoundCode { get; init; }
        public long BatchNo { get; init; }
    }

    /// <summary>The counts of one SQL group, or of a sum of groups. Long: SQLite integers and PostgreSQL SUMs are 64-bit.</summary>
    private class Counts
    {
        public long NotAccepted { get; set; }
        public long Total { get; set; }
        public long Closed { get; set; }
        public long ClosedFinal { get; set; }
        public long ClosedStage { get; set; }
        public long OpenCases { get; set; }
        public long ClosedOnTime { get; set; }
        public long Overdue { get; set; }
        public long Repeats { get; set; }
        public long RepeatCases { get; set; }
        public long Dissatisfied { get; set; }
        public long AnsweredCallbacks { get; set; }
        public long Satisfied { get; set; }
        public long WithVerdict { get; set; }
        public long Substantiated { get; set; }

        public long Cases => Total + NotAccepted;

        public void Add(Counts other)
        {
            NotAccepted += other.NotAccepted;
            Total += other.Total;
            Closed += other.Closed;
            ClosedFinal += other.ClosedFinal;
            ClosedStage += other.ClosedStage;
            OpenCases += other.OpenCases;
            ClosedOnTime += other.ClosedOnTime;
            Overdue += other.Overdue;
            Repeats += other.Repeats;
            RepeatCases += other.RepeatCases;
            Dissatisfied += other.Dissatisfied;
            AnsweredCallbacks += other.AnsweredCallbacks;
            Satisfied += other.Satisfied;
            WithVerdict += other.WithVerdict;
            Substantiated += other.Substantiated;
        }
    }

    /// <summary>One row of the grouped query: the group's keys and lead unit, and its counts.</summary>
    private sealed class GroupCounts : Counts
    {
        public string LeadUnit { get; set; } = "";
        public string? RoundCode { get; set; }
        public long? BatchNo { get; set; }
        public string? Category { get; set; }
    }
}
