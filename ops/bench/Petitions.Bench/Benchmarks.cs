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
using Petitions.Application.Features.Stats;
using Petitions.Infrastructure.ReadModel;
using Petitions.Infrastructure.Storage;

namespace Petitions.Bench;

/// <summary>One figure: what was measured, the baseline measured in the same run, and their ratio (cost multiple).</summary>
public sealed record Figure(string Profile, string Benchmark, double Measured, double Baseline, string Unit, string BaselineName, bool HigherIsBetter, string Note = "")
{
    /// <summary>How many times the baseline's cost the measured operation costs (≥ 1 means slower than the baseline).</summary>
    public double Ratio => HigherIsBetter ? Baseline / Measured : Measured / Baseline;
}

/// <param name="BuildSynchronous">SQLite's synchronous setting while the bench builds its database (<c>--build-synchronous</c>).</param>
public sealed record BenchOptions(int Cases, int[] Sizes, int Queries, int Parallelism, SqliteSynchronousMode BuildSynchronous = SqliteSynchronousMode.Normal);

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
        // SQLite takes one writer at a time and Microsoft.Data.Sqlite waits for its lock synchronously: 24 writers would
        // park 24 pool threads in the busy handler (a thread-pool stall of the bench's own making). They take turns
        // instead, which is also the file's real limit: one commit after another.
        using var oneWriter = new SemaphoreSlim(database.Dialect == SqlDialect.Sqlite ? 1 : options.Parallelism);
        var sqlWrites = await TimeWritesAsync(options.Cases, (int)commandsPerCase, async (i, n, _) =>
        {
            await oneWriter.WaitAsync();
            try
            {
                await using var connection = await database.OpenAsync();
                await connection.ExecuteAsync(
                    "INSERT INTO bench_raw (id, version, payload) VALUES (@id, @n, @text) ON CONFLICT (id) DO UPDATE SET version = excluded.version, payload = excluded.payload",
                    new { id = $"{runId}-{i}", n, text });
            }
            finally
            {
                oneWriter.Release();
            }

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

    /// <summary>(b) Every statistics call of the dashboard, rounds and unit pages and GET /api/stats/* at each size, vs the same statistics aggregated from the case rows; (c) repeat-check at the largest size.</summary>
    public async Task<IReadOnlyList<Figure>> ReadSideAsync()
    {
        var figures = new List<Figure>();
        // Each figure is logged as soon as it is measured (a long run that is stopped keeps what it measured).
        void Report(Figure f)
        {
            figures.Add(f);
            log($"    {f.Benchmark}: {f.Measured:F2} {f.Unit} ({f.Note})");
        }

        var supervisor = await host.ClientFor("supervisor");
        var intake = await host.ClientFor("intake");
        var fill = new ReadModelFill(host, options.Parallelism, log, options.BuildSynchronous);
        foreach (var size in options.Sizes)
        {
            await fill.FillToAsync(size);
            if (fill.Last is { } built)
            {
                Report(new(profile, $"build: {built.Cases:N0} cases to {size:N0} (case states, read model, handover keys, subjects)", built.CasesPerSecond, built.StorageWritesPerSecond,
                    "cases/s", "bare grain-storage writes/s of a case state (same provider)", true,
                    $"{built.Total.TotalMinutes:F1} min: planning {built.Planning.TotalSeconds:F0} s, cases {built.CasesTime.TotalSeconds:F0} s, {built.Subjects:N0} subjects {built.SubjectsTime.TotalSeconds:F0} s"));
            }

            var cases = await ScalarAsync<long>("SELECT COUNT(*) FROM case_index");
            log($"  read model at {cases} cases: statistics");
            // Baselines of the same run: the bare count, and the statistics aggregated straight from the case rows
            // (StatisticsQueries.CountFromCasesAsync: what every statistics query ran before the counters).
            var count = await TimeAsync(() => ScalarAsync<long>(CountSql));
            var queries = (StatisticsQueries)host.Services.GetRequiredService<IStatisticsQueries>();
            var scan = await TimeAsync(() => queries.CountFromCasesAsync(new StatsFilter(), null, StatsGroupBy.Round, clock.UtcNow));
            var scanByUnit = await TimeAsync(() => queries.CountFromCasesAsync(new StatsFilter(), null, StatsGroupBy.Unit, clock.UtcNow));
            Report(new(profile, $"baseline: completion by round aggregated from the case rows, {cases:N0} cases", scan.Median, count.Median, "ms", CountSql, false,
                $"{scan.Describe()}; by unit: {scanByUnit.Describe()}"));
            var round = await ScalarAsync<string>("SELECT code FROM rounds ORDER BY code LIMIT 1");
            string[] calls =
            [
                "/api/stats/completion",
                "/api/stats/completion?groupBy=round",
                "/api/stats/completion?groupBy=unit",
                "/api/stats/completion?groupBy=unit&unit=654000",
                "/api/stats/completion?groupBy=category",
                "/api/stats/completion?groupBy=batch",
                $"/api/stats/completion?groupBy=unit&round={round}",
                "/api/stats/trend?weeks=12",
                "/api/rounds",
                $"/api/rounds/{round}",
                "/api/units/654000",
            ];
            foreach (var call in calls)
            {
                var t = await TimeAsync(async () => (await supervisor.GetAsync(call)).EnsureSuccessStatusCode());
                Report(new(profile, $"GET {call}, {cases:N0} cases", t.Median, scan.Median, "ms", "completion by round from the case rows", false,
                    $"{t.Describe()}; {t.Median / count.Median:F1}× {CountSql} ({count.Median:F2} ms)"));
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
                Report(new(profile, $"POST /api/petitions/repeat-check, {cases:N0} cases", check.Median, count.Median, "ms", CountSql, false,
                    $"{check.Describe()}"));
            }
        }

        return figures;
    }

    private const string CountSql = "SELECT COUNT(*) FROM case_index";

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
