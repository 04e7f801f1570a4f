using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// One writer at a time per SQLite file, waited for asynchronously. SQLite admits one writer anyway; without the gate,
/// concurrent writers find the file locked and Microsoft.Data.Sqlite retries on the calling thread (its async API is
/// synchronous underneath), so 24 waiting writers hold 24 pool threads and grain turns stall behind them. With it the
/// waiters queue without a thread and the holder's statement meets no lock: the turn is as short as the commit.
/// Durability is unchanged (each write still commits on its own, synchronous=FULL for primary data).
/// </summary>
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim semaphore = new(1, 1);

    /// <summary>The gate of the file a connection string names (the same instance for every connection string of one file).</summary>
    public static SqliteWriteGate For(string connectionString) =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SqliteWriteGate());

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken = default)
    {
        await semaphore.WaitAsync(cancellationToken);
        return new Releaser(semaphore);
    }

    public readonly struct Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
