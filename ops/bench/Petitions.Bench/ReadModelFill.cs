using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Features.Repeats;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Demo;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Bench;

/// <summary>
/// Grows the read model to a size for the read-side benchmarks: demo-shaped plans (rounds, fates, verdicts, repeats),
/// each case decided by the pure domain rules exactly as the loader would send it, then written by the real projector
/// (case row, units, categories, near-match index). No grain state: the read side is what is measured.
/// </summary>
public sealed class ReadModelFill(BenchHost host, int parallelism, Action<string> log)
{
    private readonly List<PlannedCase> probes = [];
    private const int BatchSize = 500;
    private readonly Random random = new(7);

    public async Task FillToAsync(int target)
    {
        var database = host.Services.GetRequiredService<IDatabase>();
        long current;
        await using (var connection = await database.OpenAsync()) current = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_index");
        var need = (int)(target - current);
        if (need <= 0) return;

        var r1 = (int)(need * 0.63);
        var r2 = (int)(need * 0.26);
        var size = new DemoSize
        {
            Round1Cases = r1, Round1Closed = (int)Math.Round(r1 * 0.721), Round2Cases = r2, Round2Closed = (int)Math.Round(r2 * 0.985),
            RoutineCases = need - r1 - r2,
        };
        var clock = host.Services.GetRequiredService<IClock>();
        var watch = Stopwatch.StartNew();
        var plan = DemoPlan.Build(size, ChinaTime.DateOf(clock.UtcNow));
        log($"  fill: planned {need} cases in {watch.Elapsed.TotalSeconds:F1} s");
        var rounds = host.Services.GetRequiredService<RoundCatalog>();
        foreach (var round in plan.Rounds)
        {
            await rounds.AddRoundAsync(new NewRound(round.Code, round.Name, round.StartsOn, round.EndsOn, round.HandlingDays), CancellationToken.None);
            foreach (var batch in round.Batches) await rounds.AddBatchAsync(batch, CancellationToken.None);
        }

        // The project's write path in batches: each case decided by the domain rules, then written by the real
        // projector (case row, units, categories, near-match index, statistics counters), one transaction per batch.
        var projector = ActivatorUtilities.CreateInstance<CaseProjector>(host.Services);
        string CaseNo(int index) => $"BX{current + index:D8}";
        watch.Restart();
        var batches = plan.Cases.Chunk(BatchSize).ToList();
        var written = 0;
        // SQLite has one writer: batches are decided in parallel and written one at a time (a second writer would only
        // wait for the lock, and time out on a loaded machine); PostgreSQL writes them in parallel.
        using var writer = new SemaphoreSlim(database.Dialect == SqlDialect.Sqlite ? 1 : parallelism);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(parallelism, Environment.ProcessorCount + 1) }, async (batch, ct) =>
        {
            var states = batch.Select(c =>
            {
                var original = c.RepeatOf is { } o ? CaseNo(o) : null;
                var history = DemoScript.HistoryFor(c, DemoLoader.Registration(c, null), original, clock.UtcNow);
                var (state, _, refusal) = CaseHistoryReplay.Replay(CaseNo(c.Index), history, DemoActors.Loader, clock.UtcNow, ProblemDefaults.Standard);
                if (refusal is not null) throw new InvalidOperationException($"{c.ExternalRef}: {refusal.Violation.Message}");
                return (state!, (string?)null);
            }).ToList();
            await writer.WaitAsync(ct);
            try
            {
                await projector.ProjectBatchAsync(states, ct);
            }
            finally
            {
                writer.Release();
            }

            var done = Interlocked.Add(ref written, batch.Length);
            if (done / 100_000 != (done - batch.Length) / 100_000) log($"  fill: {done} of {need} cases written ({watch.Elapsed.TotalSeconds:F0} s)");
        });
        log($"  fill: projected {need} cases in {watch.Elapsed.TotalSeconds:F1} s ({need / watch.Elapsed.TotalSeconds:F0} cases/s, {BatchSize} per transaction)");
        lock (probes) probes.AddRange(plan.Cases.Where((_, i) => i % 97 == 0));
    }

    /// <summary>What intake might type: known targets (exact subjects), their first characters (near matches), with addresses.</summary>
    public IReadOnlyList<CheckRepeats.Query> Probes(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var c = probes[random.Next(probes.Count)];
        var target = i % 2 == 0 ? c.Target : c.Target[..Math.Min(c.Target.Length, 6)];
        return new CheckRepeats.Query(c.RegionCode, target, c.Complainant?.Phone, c.Address);
    }).ToList();
}
