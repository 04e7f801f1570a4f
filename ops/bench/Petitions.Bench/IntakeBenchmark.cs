using System.Diagnostics;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Demo;
using Petitions.Domain.Common;

namespace Petitions.Bench;

/// <summary>
/// `--intake`: registrations through POST /api/petitions (as intake) at 1 and 32 clients, beside the raw commit rate
/// of the same database in the same run (single-row INSERT transactions at the same concurrency, on the connection
/// settings primary data uses: SQLite synchronous=FULL, PostgreSQL synchronous_commit=on), and the host CPU time per
/// registration (process CPU, the clients included: they run in this process).
/// <para>
/// What is registered: complaints as the demo generator writes them (targets, addresses, categories, complainants of
/// the 28 units, as in the 1M build), each drawn once per run; and, at 32 clients once more, near-identical complaints
/// (one region, targets and addresses that differ only in a number): each of them is a near match of hundreds of
/// earlier cases, so the repeat check reads its whole posting budget twice — the worst case of intake, reported apart.
/// </para>
/// </summary>
public sealed class IntakeBenchmark(BenchHost host, BenchOptions options, Action<string> log)
{
    private readonly string profile = host.Profile.ToString();
    private readonly IDatabase database = host.Services.GetRequiredService<IDatabase>();
    private readonly string run = DateTime.UtcNow.ToString("HHmmssfff");
    private IReadOnlyList<PlannedCase> varied = [];
    private int nextVaried = -1;
    private int commitPhases;

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var figures = new List<Figure>();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS bench_commit (id TEXT PRIMARY KEY, payload TEXT NOT NULL)");
        }

        // Enough distinct complaints for the warm-up's most, both phases and the memory figure.
        varied = DemoPlan.Synthetic(6_000 + 500 + options.Cases + 2_000, $"I{run}", ChinaTime.DateOf(DateTimeOffset.UtcNow)).Cases;

        // One sign-in (the sign-in throttle admits 30 a minute), its token on 32 clients.
        var signedIn = await host.ClientFor("intake");
        var clients = new List<HttpClient> { signedIn };
        for (var i = 1; i < 32; i++)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
            clients.Add(client);
        }

        // Past tiered compilation: methods are recompiled (instrumented, then optimised) after 30 calls and in the
        // background, so the first thousands of calls measure the JIT (a profile of the 1-client phase after 600 warm-up
        // registrations showed the tiering thread on 44% of the process's CPU). Warm up until a round of 300
        // registrations leaves the JIT almost idle (under 20 ms of compiling), at most 6,000 registrations.
        var warm = 0;
        for (var round = 0; round < 20; round++)
        {
            var jit = System.Runtime.JitInfo.GetCompilationTime();
            await RegisterAsync(clients, 8, 300, Varied);
            warm += 300;
            await Task.Delay(500); // the tiering thread finishes what the round queued
            if ((System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds < 20) break;
        }

        log($"  warm-up: {warm} registrations until the JIT was idle ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled)");
        foreach (var parallel in new[] { 1, 32 })
        {
            var count = parallel == 1 ? Math.Min(options.Cases, 500) : options.Cases;
            var commits = await CommitsAsync(parallel, count);
            figures.Add(await PhaseAsync(clients, parallel, count, commits, Varied, ""));
        }

        figures.Add(await PhaseAsync(clients, 32, options.Cases, await CommitsAsync(32, options.Cases), NearIdentical, ", near-identical complaints"));

        figures.AddRange(await MemoryAsync(clients));
        return figures;
    }

    /// <summary>
    /// Managed memory per active case grain (heap after a full GC, before and after registering cases that stay active),
    /// the process's resident set, and, when the collection age is short enough to wait for (Orleans__CollectionAgeMinutes=1),
    /// the activations left after it: idle grains leave memory.
    /// </summary>
    private async Task<IReadOnlyList<Figure>> MemoryAsync(List<HttpClient> clients)
    {
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        async Task<int> CaseActivations() => (await management.GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("PetitionCase", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        long Heap() { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); return GC.GetTotalMemory(true); }

        var activationsBefore = await CaseActivations();
        var heapBefore = Heap();
        var count = Math.Min(options.Cases, 2000);
        await RegisterAsync(clients, 32, count, Varied);
        var activations = await CaseActivations() - activationsBefore;
        var perGrain = (Heap() - heapBefore) / (double)Math.Max(1, activations);
        var rss = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        log($"  memory: {activations} more case activations, {perGrain / 1024:F1} KB managed heap each; resident {rss:F0} MB");
        var figures = new List<Figure>
        {
            // No baseline exists for this one: it is set to itself (ratio 1), the JSON has no room for infinity.
            new(profile, "managed heap per active case grain (registered, idle)", perGrain / 1024, perGrain / 1024, "KB", "itself (no baseline)", false,
                $"{activations} activations; resident set {rss:F0} MB (bench process: host, clients, silo)"),
        };

        var collection = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.GrainCollectionOptions>>().Value;
        if (collection.CollectionAge <= TimeSpan.FromMinutes(2))
        {
            var total = await CaseActivations();
            var wait = collection.CollectionAge + collection.CollectionQuantum * 2;
            log($"  waiting {wait.TotalSeconds:F0} s (collection age {collection.CollectionAge.TotalSeconds:F0} s, quantum {collection.CollectionQuantum.TotalSeconds:F0} s)");
            await Task.Delay(wait);
            var left = await CaseActivations();
            var heapAfter = Heap();
            log($"  after idling: {left} of {total} case activations left; managed heap {heapAfter / 1048576.0:F0} MB");
            figures.Add(new(profile, "case activations left after the collection age, idle", left, total, "activations", "activations before", false,
                $"managed heap {heapAfter / 1048576.0:F0} MB after"));
        }

        return figures;
    }

    private async Task<Figure> PhaseAsync(List<HttpClient> clients, int parallel, int count, double commits, Func<int, object> body, string what)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var (perSecond, latencies) = await RegisterAsync(clients, parallel, count, body);
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / count;
        var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds;
        latencies.Sort();
        var note = $"p50 {latencies[latencies.Count / 2]:F1} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F1} ms; process CPU {cpuMs:F2} ms per registration " +
                   $"(JIT {jitMs / count:F2} ms of it); {count} registrations";
        log($"  intake, {parallel} client(s){what}: {perSecond:F0}/s ({note}); raw commits {commits:F0}/s");
        return new(profile, $"POST /api/petitions, {parallel} client(s){what}", perSecond, commits, "registrations/s",
            $"single-row commits/s, {parallel} writer(s), same database", true, note);
    }

    /// <summary>The next of the run's demo-generated complaints, as intake posts it, received just now and not assigned.</summary>
    private object Varied(int _) =>
        DemoLoader.Request(varied[Interlocked.Increment(ref nextVaried)]) with
        {
            ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), ExternalRef = null, LeadUnit = null, CoUnits = null,
        };

    /// <summary>The i-th near-identical complaint of this run (one region; target and address differ in a number).</summary>
    private object NearIdentical(int i) => new Dictionary<string, object?>
    {
        ["channel"] = "Hotline",
        ["receivedAt"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
        ["complainant"] = new Dictionary<string, object?> { ["name"] = "测试", ["phone"] = $"139{i % 100000000:D8}", ["anonymous"] = false },
        ["regionCode"] = "654000",
        ["address"] = $"伊宁市某路{i}号",
        ["target"] = $"伊宁市{run}第{i}化工有限公司",
        ["categories"] = new[] { "Air" },
        ["description"] = "夜间排放刺鼻气味，噪声扰民，附近居民反映强烈。",
    };

    private async Task<double> CommitsAsync(int parallel, int count)
    {
        var payload = new string('x', 2000);
        var phase = Interlocked.Increment(ref commitPhases);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                await using var connection = await database.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("INSERT INTO bench_commit (id, payload) VALUES (@id, @payload)", new { id = $"{run}-{phase}-{i}", payload }, transaction);
                await transaction.CommitAsync();
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    private async Task<(double PerSecond, List<double> Latencies)> RegisterAsync(List<HttpClient> clients, int parallel, int count, Func<int, object> body)
    {
        var next = -1;
        var latencies = new List<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async c =>
        {
            while (Interlocked.Increment(ref next) is var i && i < count)
            {
                var content = body(i);
                var one = Stopwatch.StartNew();
                var response = await clients[c].PostAsJsonAsync("/api/petitions", content);
                var elapsed = one.Elapsed.TotalMilliseconds;
                if ((int)response.StatusCode != 201) throw new InvalidOperationException($"registration answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                lock (latencies) latencies.Add(elapsed);
            }
        }));
        return (count / watch.Elapsed.TotalSeconds, latencies);
    }
}
