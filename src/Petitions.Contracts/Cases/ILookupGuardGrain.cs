namespace Petitions.Contracts.Cases;

/// <summary>
/// Guards the self-service lookup of one case number (key: the case number as typed, normalised, whether or not
/// the case exists): after <see cref="LookupGuard.MaxFailures"/> wrong codes within the window the case number
/// answers "too many attempts" for <see cref="LookupGuard.LockDuration"/>.
/// </summary>
public interface ILookupGuardGrain : IGrainWithStringKey
{
    /// <summary>How long the case number is still locked, or null when it may be tried.</summary>
    Task<TimeSpan?> LockedFor();

    /// <summary>Counts a wrong code (or an unknown case); answers how long the case number is now locked, or null.</summary>
    Task<TimeSpan?> RecordFailure();

    /// <summary>A right code: earlier wrong ones are forgotten.</summary>
    Task RecordSuccess();
}

public static class LookupGuard
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
}
