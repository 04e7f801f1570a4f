using System.Data.Common;
using Dapper;
using Petitions.Application.Features.Stats;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

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

    private static readonly string CounterSums = string.Join(", ", StatsCounters.Columns.Select(c => $"SUM(ci.{c.Column})"));

    private static readonly string[] CategoryNames = Enum.GetNames<Petitions.Domain.Cases.Category>();

    /// <summary>
    /// From the counters: one row per scope of the filter (O(scopes), whatever the number of cases), and Overdue, the
    /// clock-dependent measure, from the open cases with a deadline less those due from today on (by due day) plus a
    /// range count on case_index's (is_open, due_at) index for the current day. With a received-date range, Overdue is counted from that index over the overdue
    /// cases of the range instead (the open-by-due counters carry no received day).
    /// </summary>
    public async Task<IReadOnlyList<GroupCounts>> CountAsync(StatsFilter filter, IReadOnlyCollection<string>? leadUnits, StatsGroupBy? groupBy, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var byRound = groupBy is StatsGroupBy.Round or StatsGroupBy.Batch;
        var byBatch = groupBy == StatsGroupBy.Batch;
        var byCategory = groupBy == StatsGroupBy.Category;

        // The counters' rows of the filter, in stats_counter or stats_day_counter (aliased ci; same key columns).
        SqlWhere? Scopes()
        {
            var where = new SqlWhere(database.Dialect).LeadUnitIn("leadUnits", leadUnits);
            if (!where.CanMatch) return null;
            if (filter.Round is { } roundCode) where.And("ci.round_code = @round", new { round = roundCode });
            if (filter.Batch is { } batchFilter) where.And("ci.batch_no = @batch", new { batch = batchFilter });
            if (filter.Category is { } only) where.And("ci.category = @category", new { category = only.ToString() });
            // Every category by name (not "<> ''"): an equality per category lets the day counters' key seek a day range within each.
            else if (byCategory) where.And(database.Dialect.In("ci.category", "categories"), new { categories = CategoryNames });
            else where.And("ci.category = ''");
            return where;
        }

        // Grouped by round, batch or category the database adds the lead units up (no caller needs them apart there):
        // by batch at 1M cases 54 rows instead of 1,512 to read.
        var byLead = !byRound && !byCategory;
        var lead = byLead ? "ci.lead_unit" : "''";
        // The group's key columns, and the four key values every query selects (NULL where not grouped by it).
        string Keys(string category) =>
            string.Join(", ", new[] { byLead ? "ci.lead_unit" : null, byRound ? "ci.round_code" : null, byBatch ? "ci.batch_no" : null, byCategory ? category : null }.OfType<string>());
        string KeyValues(string category) =>
            $"{lead}, {(byRound ? "ci.round_code" : "NULL")}, {(byBatch ? "ci.batch_no" : "NULL")}, {(byCategory ? category : "NULL")}";
        var keys = Keys("ci.category");
        var select = KeyValues("ci.category");
        var groups = new Dictionary<(string Lead, string? Round, long? Batch, string? Category), Dictionary<string, long>>();
        Dictionary<string, long> Group(DbDataReader reader)
        {
            var round = Text(reader, 1) is { Length: > 0 } r ? r : null;
            long? batch = reader.IsDBNull(2) ? null : Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
            if (batch == StatsCounters.NoBatch) batch = null;
            var key = (reader.GetString(0), round, batch, Text(reader, 3));
            if (!groups.TryGetValue(key, out var measures)) groups[key] = measures = Measures.ToDictionary(m => m.Measure, _ => 0L);
            return measures;
        }

        var counters = Scopes();
        if (counters is null) return [];
        var ranged = filter.From is not null || filter.To is not null;
        if (ranged)
        {
            counters.And("ci.received_day <> 0");
            if (filter.From is { } first) counters.And("ci.received_day >= @fromDay", new { fromDay = first.DayNumber });
            if (filter.To is { } last) counters.And("ci.received_day <= @toDay", new { toDay = last.DayNumber });
        }
        else
        {
            counters.And("ci.received_day = 0");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = $"SELECT {select}, {CounterSums} FROM stats_counter ci {counters.Clause} GROUP BY {keys}";
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, counters.Parameters, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var measures = Group(reader);
                for (var i = 0; i < StatsCounters.Columns.Count; i++)
                {
                    measures[StatsCounters.Columns[i].Measure] += Convert.ToInt64(reader.GetValue(4 + i), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        var nowMs = SqlTime.ToMs(now);
        var today = StatsCounters.DueDay.Of(now);
        if (!ranged)
        {
            // Open cases due before today (StatsCounters.DueBeforeCondition).
            var due = Scopes()!.And(StatsCounters.DueBeforeCondition, StatsCounters.DueBeforeParameters(today));
            var dueSql = $"SELECT {select}, {StatsCounters.DueBeforeCases} FROM stats_day_counter ci {due.Clause} GROUP BY {keys}";
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(dueSql, due.Parameters, cancellationToken: cancellationToken));
            while (await reader.ReadAsync(cancellationToken))
            {
                Group(reader)[nameof(StatsRow.Overdue)] += Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        // The rest of Overdue from case_index: today's passed deadlines (a range on the open/due index), or with a
        // received range every overdue case of the range.
        var open = new SqlWhere(database.Dialect).Param("now", nowMs).LeadUnitIn("leadUnits", leadUnits);
        if (filter.Round is { } openRound) open.And("ci.round_code = @round", new { round = openRound });
        if (filter.Batch is { } openBatch) open.And("ci.batch_no = @batch", new { batch = openBatch });
        open.And(CaseRow.OverdueCondition);
        if (ranged) open.ReceivedBetween(filter.From, filter.To);
        else open.And("ci.due_at >= @dayStart", new { dayStart = today.StartMs });
        var join = "";
        if (byCategory)
        {
            join = "JOIN case_category cc ON cc.case_no = ci.case_no";
            if (filter.Category is { } only) open.And("cc.category = @category", new { category = only.ToString() });
        }
        else if (filter.Category is { } only)
        {
            open.InCategory(only.ToString());
        }

        var openSql = $"SELECT {KeyValues("cc.category")}, COUNT(*) FROM case_index ci {join} {open.Clause} GROUP BY {Keys("cc.category")}";
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(openSql, open.Parameters, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                Group(reader)[nameof(StatsRow.Overdue)] += Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return groups.Select(g => new GroupCounts(g.Key.Lead, g.Key.Round, g.Key.Batch, g.Key.Category, g.Value)).ToList();
    }

    /// <summary>
    /// The same counts aggregated straight from every case row (O(cases)), always per lead unit: what the counters
    /// must equal (added up over the lead units where <see cref="CountAsync"/> adds them up). Used by the recount
    /// tests and the benchmark's baseline, never by a page.
    /// </summary>
    public async Task<IReadOnlyList<GroupCounts>> CountFromCasesAsync(StatsFilter filter, IReadOnlyCollection<string>? leadUnits, StatsGroupBy? groupBy, DateTimeOffset now,
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
            where.InCategory(only.ToString());
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

    /// <summary>
    /// Weekly counts from the counters by day (received: stats_counter's received days; closed: the closed-by-day
    /// counters), when the weeks start at a China midnight (the trend's Mondays); from case_index otherwise.
    /// </summary>
    public async Task<long[]> CountPerWeekAsync(CaseInstant instant, DateTimeOffset origin, int weeks, IReadOnlyCollection<string>? leadUnits, string? round,
        CancellationToken cancellationToken = default)
    {
        var firstDay = ChinaTime.DateOf(origin);
        if (ChinaTime.StartOfDay(firstDay) != origin) return await CountPerWeekFromCasesAsync(instant, origin, weeks, leadUnits, round, cancellationToken);

        var counts = new long[weeks];
        var where = new SqlWhere(database.Dialect)
            .Param("firstDay", firstDay.DayNumber)
            .Param("endDay", firstDay.DayNumber + 7 * weeks)
            .LeadUnitIn("leadUnits", leadUnits);
        if (!where.CanMatch) return counts;
        if (round is not null) where.And("ci.round_code = @round", new { round });
        where.And("ci.category = ''");
        string sql;
        if (instant == CaseInstant.Received)
        {
            where.And("ci.received_day <> 0 AND ci.received_day >= @firstDay AND ci.received_day < @endDay");
            sql = $"SELECT ci.received_day, SUM(ci.total + ci.not_accepted + ci.diverted) FROM stats_counter ci {where.Clause} GROUP BY ci.received_day";
        }
        else
        {
            where.And("ci.kind = 'closed' AND ci.day >= @firstDay AND ci.day < @endDay");
            sql = $"SELECT ci.day, SUM(ci.cases) FROM stats_day_counter ci {where.Clause} GROUP BY ci.day";
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var row in await connection.QueryAsync<(long Day, long Cases)>(new CommandDefinition(sql, where.Parameters, cancellationToken: cancellationToken)))
        {
            var week = (row.Day - firstDay.DayNumber) / 7;
            if (week >= 0 && week < weeks) counts[week] += row.Cases;
        }

        return counts;
    }

    private async Task<long[]> CountPerWeekFromCasesAsync(CaseInstant instant, DateTimeOffset origin, int weeks, IReadOnlyCollection<string>? leadUnits, string? round,
        CancellationToken cancellationToken)
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
