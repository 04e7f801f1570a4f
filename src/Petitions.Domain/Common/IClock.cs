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
