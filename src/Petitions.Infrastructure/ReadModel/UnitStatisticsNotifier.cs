using Microsoft.Extensions.Logging;
using Petitions.Contracts.Units;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// Tells the unit grains whose statistics counters a commit changed (each passes it on to its ancestors), one-way and
/// after the commit: a grain call, so it reaches the grain on whichever silo it lives.
/// </summary>
public sealed class UnitStatisticsNotifier(IGrainFactory grains, ILogger<UnitStatisticsNotifier> logger)
{
    public async Task TellAsync(IEnumerable<string> leadUnits)
    {
        foreach (var unit in leadUnits.Distinct(StringComparer.Ordinal))
        {
            try
            {
                await grains.GetGrain<IResponsibleUnitGrain>(unit).CountersChanged([]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The commit stands; the grain's copy is then bounded by its maximum age (ResponsibleUnitGrain.CountersMaxAge).
                logger.LogWarning(e, "Could not tell unit {Unit} that its statistics counters changed", unit);
            }
        }
    }
}
