using Petitions.Contracts.Cases;
using Petitions.Domain.Common;

namespace Petitions.Grains.Cases;

/// <summary>
/// The wrong-code counter of one case number, in memory: a lock outlives no restart of its silo, which costs an
/// attacker nothing worth having (the per-address limit still applies) and keeps guessing from writing to the database.
/// Wrong codes count within one lock period; the fifth locks the case number for that long.
/// </summary>
[GrainType("lookup-guard")]
public sealed class LookupGuardGrain(IClock clock) : Grain, ILookupGuardGrain
{
    private readonly List<DateTimeOffset> failures = [];
    private DateTimeOffset? lockedUntil;

    public Task<TimeSpan?> LockedFor() => Task.FromResult(Remaining(clock.UtcNow));

    public Task<TimeSpan?> RecordFailure()
    {
        var now = clock.UtcNow;
        if (Remaining(now) is { } remaining) return Task.FromResult<TimeSpan?>(remaining);

        failures.RemoveAll(f => f <= now - LookupGuard.LockDuration);
        failures.Add(now);
        if (failures.Count >= LookupGuard.MaxFailures)
        {
            failures.Clear();
            lockedUntil = now + LookupGuard.LockDuration;
        }

        return Task.FromResult(Remaining(now));
    }

    public Task RecordSuccess()
    {
        failures.Clear();
        return Task.CompletedTask;
    }

    private TimeSpan? Remaining(DateTimeOffset now) => lockedUntil is { } until && until > now ? until - now : null;
}
