using Microsoft.Extensions.Logging;

namespace Petitions.Bench;

/// <summary>
/// Goal 4 ("no stalls"): counts, in the host's log, Orleans' warnings of a grain turn longer than the threshold
/// (the bench sets Orleans:TurnWarningMilliseconds=100) and of a stalled runtime or thread pool.
/// </summary>
public sealed class StallCounter : ILoggerProvider
{
    private int longTurns;
    private int stalls;
    private string? firstLongTurn;

    public int LongTurns => Volatile.Read(ref longTurns);

    public int Stalls => Volatile.Read(ref stalls);

    public string? FirstLongTurn => firstLongTurn;

    public ILogger CreateLogger(string categoryName) => new Counter(this);

    public void Dispose()
    {
    }

    private sealed class Counter(StallCounter owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Warning) return;
            var message = formatter(state, exception);
            if (message.Contains("took elapsed time", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner.longTurns);
                Interlocked.CompareExchange(ref owner.firstLongTurn, message.Length > 300 ? message[..300] : message, null);
            }
            else if (message.Contains("stalled", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref owner.stalls);
            }
        }
    }
}
