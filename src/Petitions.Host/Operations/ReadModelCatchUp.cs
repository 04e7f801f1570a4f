using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;

namespace Petitions.Host.Operations;

/// <summary>
/// At start-up, after the silo: cases whose stored state is newer than their read-model row (the process died
/// between the two writes) are activated, and activation re-publishes them. The HTTP server starts only after
/// this, so the numbers it serves are already whole.
/// </summary>
public sealed class ReadModelCatchUp(IReadModelRecount recount, IGrainFactory grains, ILogger<ReadModelCatchUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stale = await recount.FindStaleAsync(cancellationToken);
        if (stale.Count == 0) return;
        logger.LogWarning("{Count} case(s) were written but not projected before the last stop; catching up", stale.Count);
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (caseNo, _) => await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
