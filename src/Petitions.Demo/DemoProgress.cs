namespace Petitions.Demo;

/// <summary>Progress of a load, read by the status endpoint while the load runs. Thread-safe.</summary>
public sealed class DemoProgress
{
    public const string Registering = "Registering";
    public const string Handling = "Handling";

    private int total, registered, completed, failures;
    private long commands, replayed;

    public string Phase { get; set; } = "";
    public int Total => Volatile.Read(ref total);
    public int RegisteredCount => Volatile.Read(ref registered);
    public int CompletedCount => Volatile.Read(ref completed);
    public int Failures => Volatile.Read(ref failures);
    public long Commands => Interlocked.Read(ref commands);
    public long Replayed => Interlocked.Read(ref replayed);

    public void Begin(int cases)
    {
        Volatile.Write(ref total, cases);
        Volatile.Write(ref registered, 0);
        Volatile.Write(ref completed, 0);
        Volatile.Write(ref failures, 0);
        Interlocked.Exchange(ref commands, 0);
        Interlocked.Exchange(ref replayed, 0);
    }

    /// <summary>Nothing to do: the data set is already there.</summary>
    public void AlreadyLoaded(int cases)
    {
        Begin(cases);
        Volatile.Write(ref registered, cases);
        Volatile.Write(ref completed, cases);
    }

    public void Registered() => Interlocked.Increment(ref registered);

    public void Completed() => Interlocked.Increment(ref completed);

    public void Failed() => Interlocked.Increment(ref failures);

    public void Command(bool wasReplayed) => AddCommands(1, wasReplayed);

    /// <summary>A case's history of <paramref name="count"/> steps, imported (or found already there) in one call.</summary>
    public void AddCommands(int count, bool wasReplayed)
    {
        Interlocked.Add(ref commands, count);
        if (wasReplayed) Interlocked.Add(ref replayed, count);
    }
}
