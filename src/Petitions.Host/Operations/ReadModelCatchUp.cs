using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;

namespace Petitions.Host.Operations;

/// <summary>
/// Cases whose stored state is newer than their read-model row (a process died between the two writes) are
/// activated, and activation re-publishes them: at start-up, behind the HTTP server (which answers at once after a
/// crash, however many cases there are; GET /health reports "Degraded" until the catch-up is done, because lists and
/// statistics may lack the last writes before the crash until then), again whenever another silo of the cluster is declared dead (it may have
/// died between the writes of cases that now live here; nobody else would notice until it restarts), and once the
/// store answers again after requests failed on it (an outage may fall between a case's two writes).
/// </summary>
public sealed class ReadModelCatchUp(IReadModelRecount recount, IGrainFactory grains, IClusterMembershipService membership, StorageFaults faults,
    ILogger<ReadModelCatchUp> logger) : IHostedService
{
    private readonly CancellationTokenSource stopping = new();
    private Task? watching;
    private int running;

    /// <summary>True while a catch-up runs (from the start of the host until the start-up catch-up is done, and during later ones).</summary>
    public bool CatchingUp => Volatile.Read(ref running) > 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref running);
        watching = Task.WhenAll(StartUpAsync(stopping.Token), WatchAsync(stopping.Token), AfterFaultsAsync(stopping.Token));
        return Task.CompletedTask;
    }

    /// <summary>The start-up catch-up, retried until it succeeds (the store may still be starting).</summary>
    private async Task StartUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await CatchUpAsync("the last stop", cancellationToken, counted: false);
                    logger.LogInformation("Read-model catch-up after start-up done in {Elapsed:0} ms", watch.Elapsed.TotalMilliseconds);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("Read-model catch-up after start-up failed, retrying: {Error}", ex.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (watching is not null) await watching.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task AfterFaultsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await faults.WaitAsync(cancellationToken);
                // Until the store answers: every few seconds.
                while (true)
                {
                    try
                    {
                        await CatchUpAsync("a fault of the store", cancellationToken);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.LogDebug("Read-model catch-up waits for the store: {Error}", ex.GetType().Name);
                        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count == 0 || snapshot.Version == MembershipVersion.MinValue) continue;
                try
                {
                    await CatchUpAsync($"silo {string.Join(", ", newlyDead.Select(m => m.SiloAddress))} died", cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be unreachable too: the next death, or the next start, catches up.
                    logger.LogWarning("Read-model catch-up after a silo's death failed: {Error}", ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task CatchUpAsync(string after, CancellationToken cancellationToken, bool counted = true)
    {
        if (counted) Interlocked.Increment(ref running);
        try
        {
            var stale = await recount.FindStaleAsync(cancellationToken);
            if (stale.Count == 0) return;
            logger.LogWarning("{Count} case(s) were written but not projected before {After}; catching up", stale.Count, after);
            await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (caseNo, _) => await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get());
        }
        finally
        {
            if (counted) Interlocked.Decrement(ref running);
        }
    }
}
