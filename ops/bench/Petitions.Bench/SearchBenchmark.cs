using System.Diagnostics;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Bench;

/// <summary>
/// `--search`: lists, text search and repeat-check over a read model grown to each size (ReadModelFill: the real
/// projector, so the gram index of schema 0018 is written as in production), through the HTTP API as a supervisor,
/// each beside the same run's plain substring scan (the query q ran before the index) and COUNT(*) of the table.
/// Latencies are p50 with p95/p99 in the note; the query plans are printed.
/// </summary>
public sealed class SearchBenchmark(BenchHost host, BenchOptions options, Action<string> log)
{
    private readonly string profile = host.Profile.ToString();
    private readonly IDatabase database = host.Services.GetRequiredService<IDatabase>();

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var figures = new List<Figure>();
        var supervisor = await host.ClientFor("supervisor");
        var intake = await host.ClientFor("intake");
        var fill = new ReadModelFill(host, options.Parallelism, log, options.BuildSynchronous);
        foreach (var size in options.Sizes)
        {
            await fill.FillToAsync(size);
            var cases = await ScalarAsync<long>("SELECT COUNT(*) FROM case_index");
            var rareTarget = await ScalarAsync<string>("SELECT target FROM case_index ORDER BY case_no LIMIT 1 OFFSET " + cases / 2);
            var caseNoPart = (await ScalarAsync<string>("SELECT case_no FROM case_index ORDER BY case_no DESC LIMIT 1"))[3..];
            log($"  search at {cases} cases (rare target: {rareTarget})");
            var count = await TimeAsync(() => ScalarAsync<long>("SELECT COUNT(*) FROM case_index"));
            var scan = await TimeAsync(() => ScalarAsync<long>(SubstringScan, new { q = SqlWhere.Contains("硅业") }));
            var scanNote = $"plain substring scan (q before the index) {scan.Median:F1} ms";

            async Task Get(string name, string query, bool search)
            {
                var total = (await (await supervisor.GetAsync("/api/petitions?" + query)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Page>())!.Total;
                var t = await TimeAsync(async () => (await supervisor.GetAsync("/api/petitions?" + query)).EnsureSuccessStatusCode());
                figures.Add(new(profile, $"GET /api/petitions?{name}, {cases:N0} cases", t.Median, search ? scan.Median : count.Median, "ms",
                    search ? "substring scan for 硅业" : "SELECT COUNT(*) FROM case_index", false, $"{t.Describe()}; {total:N0} matches" + (search ? "" : $"; {scanNote}")));
            }

            await Get("q=硅业", "q=" + Uri.EscapeDataString("硅业"), true);
            await Get("q=硅 (one character)", "q=" + Uri.EscapeDataString("硅"), true);
            await Get("q=<one case's target>", "q=" + Uri.EscapeDataString(rareTarget), true);
            await Get("q=<case number part>", "q=" + Uri.EscapeDataString(caseNoPart), true);
            await Get("q=硅业&unit=654000&status=InProgress", "q=" + Uri.EscapeDataString("硅业") + "&unit=654000&status=InProgress", true);
            await Get("status=InProgress&unit=654000", "status=InProgress&unit=654000", false);
            await Get("status=Closed&page=40", "status=Closed&page=40&pageSize=20", false);
            await Get("overdue=true", "overdue=true", false);
            // Broad filters whose exact total counts many cases (a unit's cases, a category, a round, the repeats).
            var round = await ScalarAsync<string>("SELECT code FROM rounds ORDER BY code LIMIT 1");
            await Get("unit=654000", "unit=654000", false);
            await Get("category=Air", "category=Air", false);
            await Get($"round={round}", $"round={round}", false);
            await Get("repeat=true", "repeat=true", false);
            await Get("leader=true", "leader=true", false);
            await Get("(no filter, newest first)", "pageSize=20", false);

            var probes = fill.Probes(Math.Max(options.Queries, 100));
            var next = 0;
            var check = await TimeAsync(async () =>
            {
                var probe = probes[Interlocked.Increment(ref next) % probes.Count];
                (await intake.PostAsJsonAsync("/api/petitions/repeat-check", probe)).EnsureSuccessStatusCode();
            }, Math.Max(options.Queries, 100));
            figures.Add(new(profile, $"POST /api/petitions/repeat-check, {cases:N0} cases", check.Median, count.Median, "ms", "SELECT COUNT(*) FROM case_index", false, check.Describe()));
            await PlanAsync();
        }

        return figures;
    }

    /// <summary>The query plans of a text search and of a filtered list (EXPLAIN QUERY PLAN / EXPLAIN).</summary>
    private async Task PlanAsync()
    {
        var grams = CaseTextSearch.QueryParameter(database.Dialect, "硅业");
        var search = $"SELECT ci.case_no FROM case_index ci WHERE ({CaseTextSearch.Condition(database.Dialect, drives: false)}) ORDER BY ci.received_at DESC, ci.case_no DESC LIMIT 20";
        var list = "SELECT ci.case_no FROM case_index ci WHERE ci.case_no IN (SELECT cu.case_no FROM case_unit cu WHERE cu.unit_code = @unit AND cu.status = 'InProgress') ORDER BY ci.received_at DESC, ci.case_no DESC LIMIT 20";
        var explain = database.Dialect == SqlDialect.Postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
        await using var connection = await database.OpenAsync();
        foreach (var (name, sql) in new[] { ("search", search), ("list", list) })
        {
            var rows = await connection.QueryAsync(explain + sql, new { searchGrams = grams, q = SqlWhere.Contains("硅业"), unit = "654000" });
            log($"  plan ({name}):");
            foreach (IDictionary<string, object> row in rows) log("    " + (row.TryGetValue("detail", out var d) ? d : row.Values.First()));
        }
    }

    private const string SubstringScan =
        """
        SELECT COUNT(*) FROM case_index ci WHERE LOWER(ci.target) LIKE @q ESCAPE '\' OR LOWER(ci.description) LIKE @q ESCAPE '\'
            OR LOWER(COALESCE(ci.address, '')) LIKE @q ESCAPE '\' OR LOWER(ci.case_no) LIKE @q ESCAPE '\'
        """;

    private sealed record Page(int Total);

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    private async Task<Timing> TimeAsync(Func<Task> query, int? queries = null)
    {
        for (var i = 0; i < 3; i++) await query();
        var samples = new List<double>();
        for (var i = 0; i < (queries ?? options.Queries); i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new Timing(samples);
    }

    private sealed record Timing(List<double> Samples)
    {
        public double Median => Percentile(0.5);

        public string Describe() => $"p50 {Median:F2} ms, p95 {Percentile(0.95):F2} ms, p99 {Percentile(0.99):F2} ms over {Samples.Count}";

        private double Percentile(double p)
        {
            var sorted = Samples.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
        }
    }
}
