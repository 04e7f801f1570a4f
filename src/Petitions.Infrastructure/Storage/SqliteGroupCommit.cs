using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// Group commit for one SQLite file: the writes of concurrent callers (grain states through Orleans' ADO.NET provider,
/// read-model projections) queue here and one writer commits whatever has queued in ONE transaction, each write in a
/// savepoint of its own. One fsync then makes a whole group durable (synchronous=FULL), instead of one per write.
/// <list type="bullet">
/// <item>A caller's task completes only after the COMMIT that holds its write: nothing is acknowledged before it is on disk.</item>
/// <item>A write that fails is rolled back to its savepoint and only its caller sees the error; the others commit.
/// A failed COMMIT fails every caller of the group (nothing of it is stored).</item>
/// <item>With one caller at a time a group is one write: latency as before. Under load, groups grow by themselves.</item>
/// <item>Code running inside a write that opens a connection through <see cref="GroupCommitDataSource"/> gets the group's
/// connection and transaction (<see cref="Enlistment"/>): that is how Orleans' provider, which opens its own connection
/// per statement, writes into the group.</item>
/// <item>A write must not itself wait for the group commit or the <see cref="SqliteWriteGate"/> (it runs while they are held).</item>
/// </list>
/// The group holds the file's <see cref="SqliteWriteGate"/>, so writers that take the gate directly still interleave safely.
/// </summary>
public sealed class SqliteGroupCommit
{
    /// <summary>At most this many writes in one transaction (bounds how long one group holds the file).</summary>
    public const int MaxGroup = 256;

    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> Files = new(StringComparer.Ordinal);

    private readonly string connectionString;
    private readonly SqliteWriteGate gate;
    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });

    private SqliteGroupCommit(string connectionString)
    {
        this.connectionString = connectionString;
        gate = SqliteWriteGate.For(connectionString);
        // The writer is a thread of its own, not a thread-pool thread: Microsoft.Data.Sqlite runs every statement and the
        // commit's fsync synchronously, and a group (or a bulk load's 500-case projection) may take a while; on the pool
        // that would hold a thread the grains and requests need (Orleans reports it as thread-pool starvation). It
        // starts with no execution context of its own (not the first caller's trace). Callers are answered on the pool.
        var writer = new Thread(Writer) { IsBackground = true, Name = "SQLite group commit" };
        using (ExecutionContext.SuppressFlow()) writer.Start();
    }

    /// <summary>The group commit of the file a connection string names (one per file and process).</summary>
    public static SqliteGroupCommit For(string connectionString) =>
        Files.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SqliteGroupCommit(connectionString));

    /// <summary>Groups committed (or failed) on this file since the process started, and the writes in them.</summary>
    public (long Groups, long Writes) Totals => (Interlocked.Read(ref groups), Interlocked.Read(ref writes));

    private long groups;
    private long writes;

    /// <summary>Runs <paramref name="write"/> in the next group and completes when that group is committed.</summary>
    public Task RunAsync(Func<SqliteConnection, SqliteTransaction, Task> write)
    {
        var item = new Write(write);
        if (!queue.Writer.TryWrite(item)) throw new InvalidOperationException("The group commit has stopped.");
        return item.Done.Task;
    }

    private void Writer()
    {
        var group = new List<Write>(MaxGroup);
        // Blocking waits are right here: this thread does nothing else. A write's SQLite calls complete synchronously,
        // so they run on this thread too; anything in a write that truly waits continues on the pool meanwhile.
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            using (gate.EnterAsync().GetAwaiter().GetResult())
            {
                while (group.Count < MaxGroup && queue.Reader.TryRead(out var item)) group.Add(item);
                CommitAsync(group).GetAwaiter().GetResult();
            }

            group.Clear();
        }
    }

    private async Task CommitAsync(List<Write> group)
    {
        try
        {
            // A pooled connection per group, not one held open: nothing keeps the file open while the system is idle.
            await using var connection = new PrefixedSqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(); // BEGIN IMMEDIATE
            foreach (var item in group)
            {
                transaction.Save("w");
                try
                {
                    await RunEnlistedAsync(item, connection, transaction);
                    transaction.Release("w");
                }
                catch (Exception e)
                {
                    item.Error = e;
                    transaction.Rollback("w");
                    transaction.Release("w");
                }
            }

            await transaction.CommitAsync();
        }
        catch (Exception e)
        {
            foreach (var item in group) item.Error ??= e;
        }

        Interlocked.Increment(ref groups);
        Interlocked.Add(ref writes, group.Count);
        foreach (var item in group)
        {
            if (item.Error is { } error) item.Done.TrySetException(error);
            else item.Done.TrySetResult();
        }
    }

    // Async, so that the enlistment (and the caller's trace) is seen by everything the write awaits and is gone when it
    // returns: the write's SQL statements are spans of the request that queued it.
    private static async Task RunEnlistedAsync(Write item, SqliteConnection connection, SqliteTransaction transaction)
    {
        Enlistment.Current = new Enlistment(connection, transaction);
        Activity.Current = item.Caller;
        await item.Run(connection, transaction);
    }

    private sealed class Write(Func<SqliteConnection, SqliteTransaction, Task> run)
    {
        public Func<SqliteConnection, SqliteTransaction, Task> Run { get; } = run;
        public Activity? Caller { get; } = Activity.Current;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? Error { get; set; }
    }
}

/// <summary>The connection and transaction of the group a write runs in (flows with the write's async calls).</summary>
public sealed record Enlistment(SqliteConnection Connection, SqliteTransaction Transaction)
{
    private static readonly AsyncLocal<Enlistment?> Local = new();

    public static Enlistment? Current
    {
        get => Local.Value;
        set => Local.Value = value;
    }
}
