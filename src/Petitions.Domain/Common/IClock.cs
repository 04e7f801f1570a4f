namespace Petitions.Domain.Common;

/// <summary>The time source of the application. Tests swap it; Orleans keeps its own TimeProvider.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

public sealed class SystemClock : IClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}

/// <summary>The clock of a <see cref="TimeProvider"/>: the system's, or the fake one tests move by hand.</summary>
public sealed class TimeProviderClock(TimeProvider time) : IClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
