using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Petitions.Bench;

public static class BenchProgram
{
    public static async Task Main(string[] args)
    {
        // ops/bench/run.sh runs this: each profile on a fresh database, every figure against a baseline of the same run.
        var arguments = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[x.i + 1] : "true");
        string Arg(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;

        var profiles = Arg("profiles", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Enum.Parse<BenchProfile>(p, ignoreCase: true)).ToList();
        // --database <SQLite file | PostgreSQL database name>: measure a kept database as it is (no fill unless --sizes asks for more).
        var existing = arguments.GetValueOrDefault("database");
        if (existing is not null && profiles.Count != 1) throw new ArgumentException("--database serves one kept database: give one profile with --profiles.");
        var options = new BenchOptions(
            Cases: int.Parse(Arg("cases", "2000"), CultureInfo.InvariantCulture),
            Sizes: Arg("sizes", existing is null ? "10000,100000" : "0").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray(),
            Queries: int.Parse(Arg("queries", "30"), CultureInfo.InvariantCulture),
            Parallelism: int.Parse(Arg("parallelism", "24"), CultureInfo.InvariantCulture),
            BuildSynchronous: Enum.Parse<Petitions.Infrastructure.Storage.SqliteSynchronousMode>(Arg("build-synchronous", "normal"), ignoreCase: true));
        var postgres = arguments.GetValueOrDefault("pg") ?? Environment.GetEnvironmentVariable("PETITIONS_BENCH_PG") ?? Environment.GetEnvironmentVariable("PETITIONS_TEST_PG");
        var output = Arg("out", Path.Combine(RepositoryRoot(), "ops", "bench", "results"));

        void Log(string line) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");

        var figures = new List<Figure>();
        foreach (var profile in profiles)
        {
            Log($"== {profile}: {options.Cases} lifecycle cases, read model at {string.Join(", ", options.Sizes)} cases, {options.Parallelism} in flight");
            var host = new BenchHost(profile, postgres, options.Parallelism, existing);
            try
            {
                if (arguments.TryGetValue("memory", out var memoryRows))
                {
                    // Goal 5: a host process on this fresh database (never started in this process) imports N cases.
                    if (profile == BenchProfile.Sqlite) Directory.CreateDirectory(Path.GetDirectoryName(host.Location)!);
                    figures.AddRange(await new MemoryBenchmark(profile, host.Location, host.KeyDirectory,
                        int.Parse(memoryRows == "true" ? "100000" : memoryRows, CultureInfo.InvariantCulture), Log).RunAsync());
                    continue;
                }

                _ = host.Server; // start the silo and the pipeline
                if (arguments.ContainsKey("recovery"))
                {
                    // Goal 6: the database filled to the largest size here, then served by host processes (one killed).
                    await new ReadModelFill(host, options.Parallelism, Log, options.BuildSynchronous).FillToAsync(options.Sizes.Max());
                    await host.DisposeAsync();
                    figures.AddRange(await new RecoveryBenchmark(profile, host.Location, host.KeyDirectory, Log).RunAsync());
                    continue;
                }

                if (arguments.TryGetValue("import", out var importRows))
                {
                    // ops/bench/import.sh: only the handover list import against registrations one by one.
                    figures.AddRange(await new ImportBenchmark(host, int.Parse(importRows, CultureInfo.InvariantCulture), Log).RunAsync());
                    continue;
                }

                // --search / --intake: only the list, search and repeat-check figures / only the registration throughput.
                if (arguments.ContainsKey("search") || arguments.ContainsKey("intake"))
                {
                    if (arguments.ContainsKey("intake")) figures.AddRange(await new IntakeBenchmark(host, options, Log).RunAsync());
                    if (arguments.ContainsKey("search")) figures.AddRange(await new SearchBenchmark(host, options, Log).RunAsync());
                    continue;
                }

                var benchmarks = new Benchmarks(host, options, Log);
                // --no-lifecycle: only the read side (statistics, repeat-check) at the sizes, e.g. to build a 1M-case database.
                if (!arguments.ContainsKey("no-lifecycle")) figures.AddRange(await benchmarks.LifecycleThroughputAsync());
                figures.AddRange(await benchmarks.ReadSideAsync());
            }
            finally
            {
                // Goal 4: no grain turn over 100 ms, no stall warning, in whatever ran on this profile.
                Log($"   grain turns over 100 ms: {host.Stalls.LongTurns}; stall warnings: {host.Stalls.Stalls}{(host.Stalls.FirstLongTurn is { } first ? $" (first: {first})" : "")}");
                figures.Add(new(profile.ToString(), "grain turns over 100 ms (Orleans' warning)", host.Stalls.LongTurns, host.Stalls.LongTurns, "turns", "itself (the goal: 0)", false,
                    $"stall warnings: {host.Stalls.Stalls}; counted in the host's log over the whole run of this profile"));
                if (arguments.ContainsKey("keep") || host.Existing)
                {
                    await host.DisposeAsync();
                    Log($"   accounts: admin, intake, supervisor, handler.<unit code> (e.g. handler.654000), password {BenchHost.Password}");
                    if (profile == BenchProfile.Postgres) Log($"   key directory (start a host with --Keys:Directory=<it>): {host.KeyDirectory}");
                    Log($"   kept the database: {host.Location}");
                }
                else
                {
                    await host.RemoveAsync(postgres);
                }
            }
        }

        var table = new StringBuilder();
        table.AppendLine($"# Petitions benchmarks {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        table.AppendLine();
        table.AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average at the end: {LoadAverage()}. " +
                         $"{options.Cases} lifecycle cases, {options.Parallelism} in flight, {options.Queries} timed queries per figure (after 3 warm-up runs).");
        table.AppendLine("Ratio = how many times the baseline's cost the measured operation costs (throughput: baseline/measured; latency: measured/baseline).");
        table.AppendLine();
        table.AppendLine("| profile | benchmark | measured | baseline | ratio | note |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in figures)
        {
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Profile} | {f.Benchmark} | {f.Measured:F2} {f.Unit} | {f.Baseline:F2} {(f.Unit.EndsWith("/s", StringComparison.Ordinal) ? "/s" : f.Unit)} ({f.BaselineName}) | {(double.IsFinite(f.Ratio) ? $"{f.Ratio:F1}×" : "—")} | {f.Note} |"));
        }

        Console.WriteLine();
        Console.WriteLine(table);
        Directory.CreateDirectory(output);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(output, $"bench-{stamp}.md"), table.ToString());
        await File.WriteAllTextAsync(Path.Combine(output, $"bench-{stamp}.json"),
            JsonSerializer.Serialize(figures.Select(f => new { f.Profile, f.Benchmark, f.Measured, f.Unit, f.Baseline, f.BaselineName, f.Ratio, f.Note }), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Log($"results written to {output}/bench-{stamp}.md and .json");
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Petitions.sln"))) return dir.FullName;
        }

        return Directory.GetCurrentDirectory();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
