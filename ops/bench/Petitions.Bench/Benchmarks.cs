using System.Diagnostics;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Petitions.Contracts;
using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Demo;

namespace Petitions.Bench;

/// <summary>One figure: what was measured, the baseline measured in the same run, and their ratio (cost multiple).</summary>
public sealed record Figure(string Profile, string Benchmark, double Measured, double Baseline, string Unit, string BaselineName, bool HigherIsBetter, string Note = "")
{
    /// <summary>How many times the baseline's cost the measured operation costs (≥ 1 means slower than the baseline).</summary>
    public double Ratio => HigherIsBetter ? Baseline / Measured : Measured / Baseline;
}

public sealed record BenchOptions(int Cases, int[] Sizes, int Queries, int Parallelism);

public sealed class Benchmarks(BenchHost host, BenchOptions options, Action<string> log)
{
    private readonly string profile = host.Profile.ToString();
    private readonly IDatabase database = host.Services.GetRequiredService<IDatabase>();
    private readonly IClock clock = host.Services.GetRequiredService<IClock>();

    /// <summary>(a) Registration and full lifecycle through the grains vs bare writes of an equally sized state.</summary>
    public async Task<IReadOnlyList<Figure>> LifecycleThroughputAsync()
    {
        var loader = host.Services.GetRequiredService<DemoLoader>();
        var anchor = ChinaTime.DateOf(clock.UtcNow);
        var runId = clock.UtcNow.ToString("HHmmss");
        log($"  warm-up: 100 cases");
        await loader.RunAsync(DemoPlan.Synthetic(100, $"W{runId}", anchor), new DemoProgress(), options.Parallelism);

        log($"  command path: {options.Cases} cases × 6 commands, {options.Parallelism} in flight");
        var work = DemoPlan.Synthetic(options.Cases, $"B{runId}", anchor);
        var result = await loader.RunAsync(work, new DemoProgress(), options.Parallelism);
        if (result.Failures > 0) throw new InvalidOperationException($"{result.Failures} command(s) failed.");
        var commandsPerCase = (double)result.Commands / result.Cases;

        // An equally sized state: a finished case as it is stored (the state with its idempotency keys).
        var sample = await SampleStateAsync(work);
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sample);
        log($"  baselines: {options.Cases} × {commandsPerCase:F0} writes of a {payload.Length / 1024.0:F1} KB state");

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Petitions);
        var storageWrites = await TimeWritesAsync(options.Cases, (int)commandsPerCase, async (i, _, etag) =>
        {
            var grainState = new BenchState<PetitionCaseState>(sample) { ETag = etag, RecordExists = etag is not null };
            await storage.WriteStateAsync("bench", GrainId.Create("bench-case", $"{runId}-{i}"), grainState);
            return grainState.ETag;
        });

        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, version INTEGER NOT NULL, payload TEXT NOT NULL)");
        }

        var text = System.Text.Encoding.UTF8.GetString(payload);
        var sqlWrites = await TimeWritesAsync(options.Cases, (int)commandsPerCase, async (i, n, _) =>
        {
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync(
                "INSERT INTO bench_raw (id, version, payload) VALUES (@id, @n, @text) ON CONFLICT (id) DO UPDATE SET version = excluded.version, payload = excluded.payload",
                new { id = $"{runId}-{i}", n, text });
            return null;
        });

        var note = $"{result.Cases} cases in {result.Elapsed.TotalSeconds:F1} s = {result.CasesPerSecond:F0} cases/s; registration phase {result.RegistrationTime.TotalSeconds:F1} s";
        return
        [
            new(profile, "lifecycle: commands/s (register+assign, accept, visit, result, callback, close)", result.CommandsPerSecond, storageWrites,
                "commands/s", "grain-storage writes/s (IGrainStorage, same provider, same state size)", true, note),
            new(profile, "lifecycle: commands/s vs raw SQL upserts", result.CommandsPerSecond, sqlWrites, "commands/s", "raw SQL upserts/s (same payload, same database)", true),
        ];
    }

    /// <summary>(b) Completion statistics over the read model at each size, vs SELECT COUNT(*) on the same table; (c) repeat-check at the largest size.</summary>
    public async Task<IReadOnlyList<Figure>> ReadSideAsync()
    {
        var figures = new List<Figure>();
        var supervisor = await host.ClientFor("supervisor");
        var intake = await host.ClientFor("intake");
        var fill = new ReadModelFill(host, options.Parallelism, log);
        var statsEndpoint = (await supervisor.GetAsync("/api/stats/completion?groupBy=round")).IsSuccessStatusCode;
        foreach (var size in options.Sizes)
        {
            await fill.FillToAsync(size);
            var cases = await ScalarAsync<long>("SELECT COUNT(*) FROM case_index");
            log($"  read model at {cases} cases: statistics");
            // Two baselines: the bare count (SQLite answers it from an index's page headers, PostgreSQL scans), and the
            // count of exactly the rows the statistics read (every row visited, nothing computed).
            var count = await TimeAsync(() => ScalarAsync<long>(CountSql));
            var rows = await TimeAsync(() => ScalarAsync<long>(RowsSql));
            Figure Stat(string name, Timing t) => new(profile, name, t.Median, rows.Median, "ms", RowsSql, false,
                $"{t.Describe()}; {t.Median / count.Median:F0}× {CountSql} ({count.Median:F3} ms)");
            figures.Add(Stat($"stats by round, {cases:N0} cases (SQL)", await TimeAsync(() => QueryAsync(StatsSql("round_code")))));
            figures.Add(Stat($"stats by unit, {cases:N0} cases (SQL)", await TimeAsync(() => QueryAsync(StatsSql("lead_unit")))));
            if (statsEndpoint)
            {
                foreach (var groupBy in new[] { "round", "unit" })
                {
                    figures.Add(Stat($"GET /api/stats/completion?groupBy={groupBy}, {cases:N0} cases",
                        await TimeAsync(async () => (await supervisor.GetAsync($"/api/stats/completion?groupBy={groupBy}")).EnsureSuccessStatusCode())));
                }
            }

            if (size == options.Sizes.Max())
            {
                log($"  read model at {cases} cases: repeat-check");
                var probes = fill.Probes(options.Queries);
                var next = 0;
                var check = await TimeAsync(async () =>
                {
                    var probe = probes[Interlocked.Increment(ref next) % probes.Count];
                    (await intake.PostAsJsonAsync("/api/petitions/repeat-check", probe)).EnsureSuccessStatusCode();
                });
                figures.Add(new(profile, $"POST /api/petitions/repeat-check, {cases:N0} cases", check.Median, count.Median, "ms", CountSql, false,
                    $"{check.Describe()}; {check.Median / rows.Median:F1}× {RowsSql}"));
            }
        }

        if (!statsEndpoint) log("  (GET /api/stats/completion is not on this branch yet: statistics measured with the equivalent SQL)");
        return figures;
    }

    private const string CountSql = "SELECT COUNT(*) FROM case_index";
    private const string RowsSql = "SELECT COUNT(*) FROM case_index WHERE status <> 'NotAccepted'";

    /// <summary>The completion statistics (docs/domain-rules.md "Rates") in one pass over the read model, grouped by a column.</summary>
    private static string StatsSql(string groupBy) =>
        $"""
        SELECT {groupBy} AS key, COUNT(*) AS total,
               SUM(CASE WHEN status = 'Closed' THEN 1 ELSE 0 END) AS closed,
               SUM(CASE WHEN close_kind = 'Final' THEN 1 ELSE 0 END) AS closed_final,
               SUM(CASE WHEN close_kind = 'Stage' THEN 1 ELSE 0 END) AS closed_stage,
               SUM(CASE WHEN closed_on_time = 1 THEN 1 ELSE 0 END) AS on_time,
               SUM(CASE WHEN is_open = 1 AND due_at < @now THEN 1 ELSE 0 END) AS overdue,
               SUM(is_repeat) AS repeats,
               SUM(CASE WHEN satisfaction = 'Dissatisfied' THEN 1 ELSE 0 END) AS dissatisfied,
               SUM(CASE WHEN satisfaction IN ('Satisfied', 'BasicallySatisfied') THEN 1 ELSE 0 END) AS satisfied,
               SUM(CASE WHEN satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS answered,
               SUM(CASE WHEN verdict = 'Substantiated' THEN 1 ELSE 0 END) AS substantiated,
               SUM(CASE WHEN verdict IS NOT NULL THEN 1 ELSE 0 END) AS judged
        FROM case_index WHERE status <> 'NotAccepted' GROUP BY {groupBy}
        """;

    private async Task<PetitionCaseState> SampleStateAsync(DemoWork work)
    {
        await using var connection = await database.OpenAsync();
        var caseNo = await connection.ExecuteScalarAsync<string>(
            "SELECT case_no FROM case_index WHERE external_ref = @ExternalRef", new { work.Cases[^1].ExternalRef });
        var state = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPetitionCaseGrain>(caseNo!).Get();
        return new PetitionCaseState
        {
            Case = state,
            Processed = state!.Timeline.Select(t => new ProcessedCommand($"demo:{caseNo}:step-{t.Seq}", t.Version)).ToList(),
        };
    }

    /// <summary>Writes per "case": one insert and then updates, sequential per case, cases in parallel as the loader runs them.</summary>
    private async Task<double> TimeWritesAsync(int cases, int writesPerCase, Func<int, int, string?, Task<string?>> write)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, async (i, _) =>
        {
            string? etag = null;
            for (var n = 0; n < writesPerCase; n++) etag = await write(i, n, etag);
        });
        return cases * writesPerCase / watch.Elapsed.TotalSeconds;
    }

    private async Task<Timing> TimeAsync(Func<Task> query)
    {
        for (var i = 0; i < 3; i++) await query();
        var samples = new List<double>();
        for (var i = 0; i < options.Queries; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new Timing(samples);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private async Task<int> QueryAsync(string sql)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync(sql, new { now = clock.UtcNow.ToUnixTimeMilliseconds() })).Count();
    }

    private sealed record Timing(List<double> Samples)
    {
        public double Median => Percentile(0.5);

        public string Describe() => $"p50 {Median:F2} ms, p95 {Percentile(0.95):F2} ms over {Samples.Count}";

        private double Percentile(double p)
        {
            var sorted = Samples.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
        }
    }
}

/// <summary>A grain state handed straight to the storage provider.</summary>
public sealed class BenchState<T>(T state) : IGrainState<T>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = state;
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
