using System.Data.Common;
using Dapper;
using Petitions.Application.Features.Stats;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>The aggregates behind the statistics: completion measures per group and lead unit, and weekly counts.</summary>
public sealed class StatisticsQueries(IDatabase database) : IStatisticsQueries
{
    /// <summary>The cases the rates count: not the not-accepted, not the diverted (转送: another body handles them).</summary>
    private const string Counted = "ci.status NOT IN ('NotAccepted', 'Diverted')";

    /// <summary>
    /// Every measure once: the <see cref="StatsRow"/> property it fills, and its SQL aggregate over case_index "ci".
    /// Adding a measure is a property on <see cref="StatsRow"/> and a line here.
    /// </summary>
    public static readonly IReadOnlyList<(string Measure, string Aggregate)> Measures =
    [
        (nameof(StatsRow.NotAccepted), "SUM(CASE WHEN ci.status = 'NotAccepted' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Diverted), "SUM(CASE WHEN ci.status = 'Diverted' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Total), $"SUM(CASE WHEN {Counted} THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Closed), "SUM(CASE WHEN ci.status = 'Closed' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.ClosedFinal), "SUM(CASE WHEN ci.status = 'Closed' AND ci.close_kind = 'Final' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.ClosedStage), "SUM(CASE WHEN ci.status = 'Closed' AND ci.close_kind = 'Stage' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Open), "SUM(CASE WHEN ci.is_open = 1 THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.ClosedOnTime), "SUM(CASE WHEN ci.status = 'Closed' AND ci.closed_on_time = 1 THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Overdue), $"SUM(CASE WHEN {CaseRow.OverdueCondition} THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Repeats), $"SUM(CASE WHEN {Counted} THEN ci.repeat_count ELSE 0 END)"),
        (nameof(StatsRow.RepeatCases), $"SUM(CASE WHEN {Counted} AND ci.is_repeat = 1 THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Dissatisfied), $"SUM(CASE WHEN {Counted} AND ci.satisfaction = 'Dissatisfied' THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.AnsweredCallbacks), $"SUM(CASE WHEN {Counted} AND ci.satisfaction IS NOT NULL THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Satisfied), $"SUM(CASE WHEN {Counted} AND ci.satisfaction IN ('Satisfied', 'BasicallySatisfied') THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.WithVerdict), $"SUM(CASE WHEN {Counted} AND ci.verdict IS NOT NULL THEN 1 ELSE 0 END)"),
        (nameof(StatsRow.Substantiated), $"SUM(CASE WHEN {Counted} AND ci.verdict IN ('Substantiated', 'PartlySubstantiated') THEN 1 ELSE 0 END)"),
    ];

    private static readonly string MeasureColumns = CheckedMeasureColumns();

    public async Task<IReadOnlyList<GroupCounts>> CountAsync(StatsFilter filter, IReadOnlyCollection<string>? leadUnits, StatsGroupBy? groupBy, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var where = new SqlWhere(database.Dialect).Param("now", SqlTime.ToMs(now)).LeadUnitIn("leadUnits", leadUnits);
        if (!where.CanMatch) return [];
        if (filter.Round is { } roundCode) where.And("ci.round_code = @round", new { round = roundCode });
        if (filter.Batch is { } batchFilter) where.And("ci.batch_no = @batch", new { batch = batchFilter });
        where.ReceivedBetween(filter.From, filter.To);

        var join = "";
        var category = "NULL";
        if (groupBy == StatsGroupBy.Category)
        {
            // A case with two categories counts once in each.
            join = "JOIN case_category cc ON cc.case_no = ci.case_no";
            category = "cc.category";
            if (filter.Category is { } only) where.And("cc.category = @category", new { category = only.ToString() });
        }
        else if (filter.Category is { } only)
        {
            where.And("ci.case_no IN (SELECT f.case_no FROM case_category f WHERE f.category = @category)", new { category = only.ToString() });
        }

        var round = groupBy is StatsGroupBy.Round or StatsGroupBy.Batch ? "ci.round_code" : "NULL";
        var batchNo = groupBy == StatsGroupBy.Batch ? "ci.batch_no" : "NULL";
        var groupKeys = string.Join(", ", new[] { category, round, batchNo }.Where(k => k != "NULL").Append("ci.lead_unit"));
        var sql = $"SELECT ci.lead_unit, {round}, {batchNo}, {category}, {MeasureColumns} FROM case_index ci {join} {where.Clause} GROUP BY {groupKeys}";

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, where.Parameters, cancellationToken: cancellationToken));
        var groups = new List<GroupCounts>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var measures = new Dictionary<string, long>(Measures.Count);
            for (var i = 0; i < Measures.Count; i++) measures[Measures[i].Measure] = Convert.ToInt64(reader.GetValue(4 + i), System.Globalization.CultureInfo.InvariantCulture);
            groups.Add(new GroupCounts(reader.GetString(0), Text(reader, 1), reader.IsDBNull(2) ? null : Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                Text(reader, 3), measures));
        }

        return groups;
    }

    public async Task<long[]> CountPerWeekAsync(CaseInstant instant, DateTimeOffset origin, int weeks, IReadOnlyCollection<string>? leadUnits, string? round,
        CancellationToken cancellationToken = default)
    {
        var counts = new long[weeks];
        var where = new SqlWhere(database.Dialect)
            .Param("origin", SqlTime.ToMs(origin))
            .Param("end", SqlTime.ToMs(origin.AddDays(7 * weeks)))
            .Param("week", (long)TimeSpan.FromDays(7).TotalMilliseconds)
            .LeadUnitIn("leadUnits", leadUnits);
        if (!where.CanMatch) return counts;
        if (round is not null) where.And("ci.round_code = @round", new { round });

        var column = instant == CaseInstant.Closed ? "ci.closed_at" : "ci.received_at";
        where.And($"{column} >= @origin AND {column} < @end");
        var sql = $"SELECT ({column} - @origin) / @week AS WeekNo, COUNT(*) AS Cases FROM case_index ci {where.Clause} GROUP BY ({column} - @origin) / @week";
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var row in await connection.QueryAsync<(long WeekNo, long Cases)>(new CommandDefinition(sql, where.Parameters, cancellationToken: cancellationToken)))
        {
            if (row.WeekNo >= 0 && row.WeekNo < weeks) counts[row.WeekNo] += row.Cases;
        }

        return counts;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The aggregates as select columns, once the table is known to fill exactly the measures of <see cref="StatsRow"/>.</summary>
    private static string CheckedMeasureColumns()
    {
        var expected = StatsRow.Measures.Select(p => p.Name).Order(StringComparer.Ordinal);
        var defined = Measures.Select(m => m.Measure).Order(StringComparer.Ordinal);
        if (!expected.SequenceEqual(defined))
            throw new InvalidOperationException($"The measure table ({string.Join(", ", defined)}) does not match StatsRow's measures ({string.Join(", ", expected)}).");
        return string.Join(",\n", Measures.Select(m => m.Aggregate));
    }
}
