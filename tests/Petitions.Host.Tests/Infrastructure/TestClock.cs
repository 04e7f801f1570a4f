using Petitions.Domain.Common;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>The application's clock under test control: real time plus an offset that tests advance.</summary>
public sealed class TestClock : IClock
{
    private TimeSpan offset;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + offset;

    public void Advance(TimeSpan by) => offset += by;

    /// <summary>Moves the clock so that "now" is the given instant (time keeps running from there).</summary>
    public void Set(DateTimeOffset now) => offset = now - DateTimeOffset.UtcNow;
}
