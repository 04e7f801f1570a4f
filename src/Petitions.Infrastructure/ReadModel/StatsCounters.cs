using System.Data.Common;
using System.Globalization;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The statistics counters (tables stats_counter and stats_day_counter): what each case row contributes to which
/// scope, applied as the difference between a case's old and new row in the transaction that writes the row, and
/// recounted from the rows when asked. One rule (<see cref="Contributions"/>) serves the projector, the start-up
/// fill and the rebuild, so a counter and its recount cannot disagree by construction of the code, only by a fault.
/// </summary>
public static class StatsCounters
{
    /// <summary>The counters table's measure columns, by <see cref="Application.Features.Stats.StatsRow"/> measure name (every measure but the clock-dependent Overdue).</summary>
    public static readonly IReadOnlyList<(string Measure, string Column)> Columns =
    [
        ("NotAccepted", "not_accepted"), ("Diverted", "diverted"), ("Total", "total"), ("Closed", "closed"),
        ("ClosedFinal", "closed_final"), ("ClosedStage", "closed_stage"), ("Open", "open"), ("ClosedOnTime", "closed_on_time"),
        ("Repeats", "repeats"), ("RepeatCases", "repeat_cases"), ("Dissatisfied", "dissatisfied"), ("AnsweredCallbacks", "answered_callbacks"),
        ("Satisfied", "satisfied"), ("WithVerdict", "with_verdict"), ("Substantiated", "substantiated"),
    ];

    public const string DueKind = "due";
    public const string ClosedKind = "closed";

    /// <summary>
    /// Open cases that have a deadline, all days in one row per scope (day <see cref="AllDays"/>): with the by-due-day
    /// counters from today on, it gives the open cases due before today without summing every past day.
    /// </summary>
    public const string OpenDueKind = "open-due";
    public const string NoRound = "";
    public const int NoBatch = -1;
    public const string AllCategories = "";
    public const int AllDays = 0;
    public const long DayMs = 86_400_000;

    /// <summary>
    /// The meta key recording that the counters were filled from the case rows (once, at the first start with them).
    /// A new kind of counter takes a new key, so that the first start with it fills it.
    /// </summary>
    public const string FilledKey = "stats.counters.open-due";

    /// <summary>The UTC day of the by-due-day counters that an instant falls in: its number, and its start and end in ms.</summary>
    public readonly record struct DueDay(long Number)
    {
        public static DueDay Of(DateTimeOffset instant) => OfMs(SqlTime.ToMs(instant));

        public static DueDay OfMs(long instantMs) => new((long)Math.Floor(instantMs / (double)DayMs));

        public long StartMs => Number * DayMs;

        public long EndMs => StartMs + DayMs;
    }

    /// <summary>
    /// The rule for the open cases due before a day, over stats_day_counter rows aliased <c>ci</c>: the open cases with a
    /// deadline (<see cref="OpenDueKind"/>, one row per scope) less those due that day or later (<see cref="DueKind"/>
    /// from the day on: as many days as the longest deadline, not the whole history). Use <see cref="DueBeforeCondition"/>
    /// with <see cref="DueBeforeParameters"/> and sum <see cref="DueBeforeCases"/>; the deadlines passing during the day
    /// come from case_index's (is_open, due_at) index.
    /// </summary>
    public const string DueBeforeCondition = "((ci.kind = @openDueKind AND ci.day = 0) OR (ci.kind = @dueKind AND ci.day >= @dueDay))";

    /// <inheritdoc cref="DueBeforeCondition"/>
    public const string DueBeforeCases = "CAST(SUM(CASE WHEN ci.kind = @openDueKind THEN ci.cases ELSE -ci.cases END) AS BIGINT)";

    /// <inheritdoc cref="DueBeforeCondition"/>
    public static object DueBeforeParameters(DueDay day) => new { openDueKind = OpenDueKind, dueKind = DueKind, dueDay = day.Number };

    /// <summary>One counter row's key. Kind: null for stats_counter, else the kind of stats_day_counter.</summary>
    public readonly record struct Key(string? Kind, string LeadUnit, string RoundCode, int BatchNo, string Category, int Day)
    {
        public string Describe()
        {
            var day = Kind switch
            {
                null => Day == AllDays ? "all days" : $"received {DateOnly.FromDayNumber(Day):yyyy-MM-dd}",
                DueKind => $"open, due {DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(Day)):yyyy-MM-dd} (UTC)",
                OpenDueKind => "open with a deadline",
                _ => $"closed {DateOnly.FromDayNumber(Day):yyyy-MM-dd}",
            };
            return string.Create(CultureInfo.InvariantCulture,
                $"unit {LeadUnit}, round {(RoundCode.Length == 0 ? "-" : RoundCode)}, batch {(BatchNo == NoBatch ? "-" : BatchNo)}, category {(Category.Length == 0 ? "all" : Category)}, {day}");
        }
    }

    /// <summary>The row's columns the counters read, from case_index "ci".</summary>
    public const string RowColumns =
        """
        ci.case_no AS CaseNo, ci.status AS Status, ci.lead_unit AS LeadUnit, ci.round_code AS RoundCode, ci.batch_no AS BatchNo,
        ci.received_at AS ReceivedAt, ci.due_at AS DueAt, ci.is_open AS IsOpen, ci.closed_at AS ClosedAt, ci.close_kind AS CloseKind,
        ci.closed_on_time AS ClosedOnTime, ci.verdict AS Verdict, ci.satisfaction AS Satisfaction, ci.is_repeat AS IsRepeat,
        ci.repeat_count AS RepeatCount, ci.categories AS Categories, ci.channel AS Channel, ci.region_code AS RegionCode,
        ci.co_units AS CoUnits, ci.target AS Target, ci.subject_key AS SubjectKey, ci.description AS Description, ci.address AS Address
        """;

    /// <summary>The measures one case row adds to each of its scopes (same order as <see cref="Columns"/>), per the rules of docs/domain-rules.md "Rates".</summary>
    public static long[] Measures(CaseRow row)
    {
        var counted = row.Status is not "NotAccepted" and not "Diverted";
        var closed = row.Status == "Closed";
        long Flag(bool value) => value ? 1 : 0;
        return
        [
            Flag(row.Status == "NotAccepted"),
            Flag(row.Status == "Diverted"),
            Flag(counted),
            Flag(closed),
            Flag(closed && row.CloseKind == "Final"),
            Flag(closed && row.CloseKind == "Stage"),
            Flag(row.IsOpen == 1),
            Flag(closed && row.ClosedOnTime == 1),
            counted ? row.RepeatCount : 0,
            Flag(counted && row.IsRepeat == 1),
            Flag(counted && row.Satisfaction == "Dissatisfied"),
            Flag(counted && row.Satisfaction is not null),
            Flag(counted && row.Satisfaction is "Satisfied" or "BasicallySatisfied"),
            Flag(counted && row.Verdict is not null),
            Flag(counted && row.Verdict is "Substantiated" or "PartlySubstantiated"),
        ];
    }

    /// <summary>Every counter row a case row adds to, with what it adds.</summary>
    public static IEnumerable<(Key Key, long[] Values)> Contributions(CaseRow row)
    {
        var round = row.RoundCode ?? NoRound;
        var batch = row.BatchNo ?? NoBatch;
        var categories = new List<string> { AllCategories };
        categories.AddRange(row.Categories.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal));
        var measures = Measures(row);
        var receivedDay = ChinaTime.DateOf(SqlTime.FromMs(row.ReceivedAt)).DayNumber;
        foreach (var category in categories)
        {
            yield return (new Key(null, row.LeadUnit, round, batch, category, AllDays), measures);
            yield return (new Key(null, row.LeadUnit, round, batch, category, receivedDay), measures);
            if (row.IsOpen == 1 && row.DueAt is { } due)
            {
                yield return (new Key(DueKind, row.LeadUnit, round, batch, category, (int)DueDay.OfMs(due).Number), [1]);
                yield return (new Key(OpenDueKind, row.LeadUnit, round, batch, category, AllDays), [1]);
            }
        }

        if (row.ClosedAt is { } closedAt)
        {
            yield return (new Key(ClosedKind, row.LeadUnit, round, batch, AllCategories, ChinaTime.DateOf(SqlTime.FromMs(closedAt)).DayNumber), [1]);
        }
    }

    /// <summary>Accumulates counter changes: a case row going out subtracts, coming in adds.</summary>
    public sealed class Delta
    {
        private readonly Dictionary<Key, long[]> changes = [];

        public void Add(CaseRow? row, int sign)
        {
            if (row is null) return;
            foreach (var (key, values) in Contributions(row))
            {
                if (!changes.TryGetValue(key, out var sum)) changes[key] = sum = new long[values.Length];
                for (var i = 0; i < values.Length; i++) sum[i] += sign * values[i];
            }
        }

        /// <summary>The lead units whose counters the changes touch (the unit grains to tell after the commit).</summary>
        public IReadOnlyList<string> LeadUnits => NonZero.Select(c => c.Key.LeadUnit).Distinct(StringComparer.Ordinal).ToList();

        public IEnumerable<(Key Key, long[] Values)> NonZero =>
            changes.Where(c => c.Value.Any(v => v != 0)).OrderBy(c => c.Key.Kind ?? "", StringComparer.Ordinal).ThenBy(c => c.Key.Category, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Day).ThenBy(c => c.Key.LeadUnit, StringComparer.Ordinal).ThenBy(c => c.Key.RoundCode, StringComparer.Ordinal)
                .ThenBy(c => c.Key.BatchNo).Select(c => (c.Key, c.Value));

        /// <summary>
        /// Adds the changes to the counters in the caller's transaction, in one fixed key order (so that concurrent
        /// PostgreSQL transactions lock counter rows in the same order and cannot deadlock).
        /// </summary>
        public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            if (connection is Npgsql.NpgsqlConnection)
            {
                await ApplyAsArraysAsync(connection, transaction, cancellationToken);
                return;
            }

            var counters = new List<object>();
            var days = new List<DayParameters>();
            foreach (var (key, values) in NonZero)
            {
                if (key.Kind is null) counters.Add(CounterParameters(key, values));
                else days.Add(new DayParameters(key.Kind, key.LeadUnit, key.RoundCode, key.BatchNo, key.Category, key.Day, values[0]));
            }

            if (counters.Count > 0) await connection.ExecuteAsync(new CommandDefinition(AddCounter, counters, transaction, cancellationToken: cancellationToken));
            if (days.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(AddDay, days, transaction, cancellationToken: cancellationToken));
                // Only a day count that went down can have reached zero (a registration only adds: no delete at all).
                if (days.Where(d => d.Cases < 0).ToList() is { Count: > 0 } shrunk)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM stats_day_counter WHERE kind = @Kind AND category = @Category AND day = @Day AND lead_unit = @LeadUnit AND round_code = @RoundCode AND batch_no = @BatchNo AND cases = 0",
                        shrunk, transaction, cancellationToken: cancellationToken));
                }
            }
        }

        /// <summary>
        /// PostgreSQL: each table's changes in one statement (arrays, unnested in the same fixed key order), not one
        /// round trip per counter row. A busy unit's counter rows stay locked from the first upsert to the commit, so
        /// every round trip in between is time every other projection of that unit waits: with a round trip per row,
        /// registrations at 32 clients queued on them (one upsert waited 134 ms on average, 49 registrations/s).
        /// </summary>
        private async Task ApplyAsArraysAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var rows = NonZero.ToList();
            var counters = rows.Where(r => r.Key.Kind is null).ToList();
            if (counters.Count > 0)
            {
                var parameters = KeyArrays(counters, withKind: false);
                for (var i = 0; i < Columns.Count; i++) parameters.Add(Columns[i].Measure, counters.Select(c => c.Values[i]).ToArray());
                await connection.ExecuteAsync(new CommandDefinition(AddCounters, parameters, transaction, cancellationToken: cancellationToken));
            }

            var days = rows.Where(r => r.Key.Kind is not null).ToList();
            if (days.Count > 0)
            {
                var parameters = KeyArrays(days, withKind: true);
                parameters.Add("Cases", days.Select(d => d.Values[0]).ToArray());
                await connection.ExecuteAsync(new CommandDefinition(AddDays, parameters, transaction, cancellationToken: cancellationToken));
                if (days.Where(d => d.Values[0] < 0).ToList() is { Count: > 0 } shrunk)
                {
                    await connection.ExecuteAsync(new CommandDefinition(DeleteEmptyDays, KeyArrays(shrunk, withKind: true), transaction, cancellationToken: cancellationToken));
                }
            }
        }

        private static DynamicParameters KeyArrays(List<(Key Key, long[] Values)> rows, bool withKind)
        {
            var parameters = new DynamicParameters();
            if (withKind) parameters.Add("Kinds", rows.Select(r => r.Key.Kind!).ToArray());
            parameters.Add("LeadUnits", rows.Select(r => r.Key.LeadUnit).ToArray());
            parameters.Add("RoundCodes", rows.Select(r => r.Key.RoundCode).ToArray());
            parameters.Add("BatchNos", rows.Select(r => r.Key.BatchNo).ToArray());
            parameters.Add("Categories", rows.Select(r => r.Key.Category).ToArray());
            parameters.Add("Days", rows.Select(r => r.Key.Day).ToArray());
            return parameters;
        }
    }

    private static readonly string MeasureList = string.Join(", ", Columns.Select(c => c.Column));

    /// <summary>The counter upsert: <paramref name="source"/> gives the rows, each measure added to (or replacing) the stored one.</summary>
    private static string CounterUpsert(string source, bool add) =>
        $"""
         INSERT INTO stats_counter (lead_unit, round_code, batch_no, category, received_day, {MeasureList})
         {source}
         ON CONFLICT (received_day, category, lead_unit, round_code, batch_no) DO UPDATE SET
         {string.Join(", ", Columns.Select(c => $"{c.Column} = {(add ? $"stats_counter.{c.Column} + " : "")}excluded.{c.Column}"))}
         """;

    private static readonly string MeasureParameters = string.Join(", ", Columns.Select(c => "@" + c.Measure));

    private static readonly string AddCounters =
        CounterUpsert($"SELECT * FROM unnest(@LeadUnits, @RoundCodes, @BatchNos, @Categories, @Days, {MeasureParameters})", add: true);

    private static readonly string AddCounter = CounterUpsert($"VALUES (@LeadUnit, @RoundCode, @BatchNo, @Category, @Day, {MeasureParameters})", add: true);

    private static readonly string SetCounter = CounterUpsert($"VALUES (@LeadUnit, @RoundCode, @BatchNo, @Category, @Day, {MeasureParameters})", add: false);

    private const string AddToDay =
        "ON CONFLICT (kind, category, day, lead_unit, round_code, batch_no) DO UPDATE SET cases = stats_day_counter.cases + excluded.cases";

    private const string AddDays =
        $"""
         INSERT INTO stats_day_counter (kind, lead_unit, round_code, batch_no, category, day, cases)
         SELECT * FROM unnest(@Kinds, @LeadUnits, @RoundCodes, @BatchNos, @Categories, @Days, @Cases)
         {AddToDay}
         """;

    private const string AddDay =
        $"""
         INSERT INTO stats_day_counter (kind, lead_unit, round_code, batch_no, category, day, cases)
         VALUES (@Kind, @LeadUnit, @RoundCode, @BatchNo, @Category, @Day, @Cases)
         {AddToDay}
         """;

    private const string DeleteEmptyDays =
        """
        DELETE FROM stats_day_counter d USING unnest(@Kinds, @LeadUnits, @RoundCodes, @BatchNos, @Categories, @Days) AS k(kind, lead_unit, round_code, batch_no, category, day)
        WHERE d.kind = k.kind AND d.category = k.category AND d.day = k.day AND d.lead_unit = k.lead_unit AND d.round_code = k.round_code
          AND d.batch_no = k.batch_no AND d.cases = 0
        """;

    private sealed record DayParameters(string Kind, string LeadUnit, string RoundCode, int BatchNo, string Category, int Day, long Cases);

    private static DynamicParameters CounterParameters(Key key, long[] values)
    {
        var parameters = new DynamicParameters(new { key.LeadUnit, key.RoundCode, key.BatchNo, key.Category, key.Day });
        for (var i = 0; i < Columns.Count; i++) parameters.Add(Columns[i].Measure, values[i]);
        return parameters;
    }

    /// <summary>One counter that differs from its recount.</summary>
    public sealed record Difference(Key Key, string Measure, long Expected, long Found);

    /// <summary>
    /// Recounts every counter from the case rows and makes the stored counters equal to it, in one transaction that
    /// holds off the projector meanwhile (SQLite: the write lock; PostgreSQL: a lock on the counter tables), and
    /// returns what differed.
    /// </summary>
    public static async Task<IReadOnlyList<Difference>> RecountAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE stats_counter, stats_day_counter IN SHARE ROW EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));
        }

        var expected = new Dictionary<Key, long[]>();
        // Streamed (a million rows need not sit in memory at once).
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"SELECT {RowColumns} FROM case_index ci", transaction: transaction, cancellationToken: cancellationToken)))
        {
            var parse = reader.GetRowParser<CaseRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                foreach (var (key, values) in Contributions(parse(reader)))
                {
                    if (!expected.TryGetValue(key, out var sum)) expected[key] = sum = new long[values.Length];
                    for (var i = 0; i < values.Length; i++) sum[i] += values[i];
                }
            }
        }

        var found = new Dictionary<Key, long[]>();
        var counterSql = $"SELECT lead_unit, round_code, batch_no, category, received_day, {MeasureList} FROM stats_counter";
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(counterSql, transaction: transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = new Key(null, reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetString(3),
                    Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture));
                found[key] = Enumerable.Range(0, Columns.Count).Select(i => Convert.ToInt64(reader.GetValue(5 + i), CultureInfo.InvariantCulture)).ToArray();
            }
        }

        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                         "SELECT kind, lead_unit, round_code, batch_no, category, day, cases FROM stats_day_counter", transaction: transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = new Key(reader.GetString(0), reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture), reader.GetString(4),
                    Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture));
                found[key] = [Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture)];
            }
        }

        var differences = new List<Difference>();
        var counterFixes = new List<DynamicParameters>();
        var dayFixes = new List<DayParameters>();
        foreach (var key in expected.Keys.Union(found.Keys))
        {
            var want = expected.GetValueOrDefault(key);
            var have = found.GetValueOrDefault(key);
            var width = key.Kind is null ? Columns.Count : 1;
            var differs = false;
            for (var i = 0; i < width; i++)
            {
                var e = want?[i] ?? 0;
                var f = have?[i] ?? 0;
                if (e == f) continue;
                differs = true;
                differences.Add(new Difference(key, key.Kind switch { null => Columns[i].Measure, DueKind => "OpenByDueDay", OpenDueKind => "OpenWithDeadline", _ => "ClosedByDay" }, e, f));
            }

            if (!differs) continue;
            if (key.Kind is null) counterFixes.Add(CounterParameters(key, want ?? new long[width]));
            else dayFixes.Add(new DayParameters(key.Kind, key.LeadUnit, key.RoundCode, key.BatchNo, key.Category, key.Day, want?[0] ?? 0));
        }

        if (counterFixes.Count > 0) await connection.ExecuteAsync(new CommandDefinition(SetCounter, counterFixes, transaction, cancellationToken: cancellationToken));
        if (dayFixes.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM stats_day_counter WHERE kind = @Kind AND category = @Category AND day = @Day AND lead_unit = @LeadUnit AND round_code = @RoundCode AND batch_no = @BatchNo",
                dayFixes, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(AddDay, dayFixes.Where(d => d.Cases != 0),
                transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key = FilledKey, value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return differences;
    }
}
