using Dapper;
using Microsoft.Data.Sqlite;
using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// SQLite group commit: writes queued while the file is busy share one transaction; each caller is answered after the
/// commit that holds its write; a failing write is rolled back alone; code inside a write that opens a connection
/// through the grain storage's data source writes into the same transaction.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "petitions-group-commit", Guid.NewGuid().ToString("N"));
    private readonly string connectionString;

    public GroupCommitTests()
    {
        connectionString = SqliteDatabase.ConnectionStringFor(Path.Combine(folder, "g.db"));
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL; CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    }

    [Fact]
    public async Task Writes_queued_while_the_file_is_busy_commit_together_and_each_caller_is_answered_after_the_commit()
    {
        var commit = SqliteGroupCommit.For(connectionString);
        Task[] writes;
        using (await SqliteWriteGate.For(connectionString).EnterAsync())
        {
            // The file is busy: the writes queue behind it.
            writes = Enumerable.Range(1, 50).Select(i => commit.RunAsync((c, t) =>
                c.ExecuteAsync("INSERT INTO item (id, name) VALUES (@i, 'x')", new { i }, t))).ToArray();
            await Task.Delay(200);
            Assert.All(writes, w => Assert.False(w.IsCompleted));
            Assert.Equal(0, Count());
        }

        await Task.WhenAll(writes);
        Assert.Equal(50, Count());
        Assert.Equal((1L, 50L), commit.Totals);
    }

    [Fact]
    public async Task A_failing_write_is_rolled_back_alone_and_only_its_caller_sees_the_error()
    {
        var commit = SqliteGroupCommit.For(connectionString);
        Task good1, bad, good2;
        using (await SqliteWriteGate.For(connectionString).EnterAsync())
        {
            good1 = commit.RunAsync((c, t) => c.ExecuteAsync("INSERT INTO item (id, name) VALUES (1, 'a')", transaction: t));
            bad = commit.RunAsync(async (c, t) =>
            {
                await c.ExecuteAsync("INSERT INTO item (id, name) VALUES (2, 'half-written')", transaction: t);
                throw new InvalidOperationException("refused");
            });
            good2 = commit.RunAsync((c, t) => c.ExecuteAsync("INSERT INTO item (id, name) VALUES (3, 'c')", transaction: t));
        }

        await good1;
        await good2;
        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => bad)).Message);
        using var connection = new SqliteConnection(connectionString);
        Assert.Equal(["a", "c"], connection.Query<string>("SELECT name FROM item ORDER BY id"));
        Assert.Equal((1L, 3L), commit.Totals);
    }

    [Fact]
    public async Task A_connection_opened_through_the_data_source_inside_a_write_is_the_groups_and_outside_it_is_its_own()
    {
        var commit = SqliteGroupCommit.For(connectionString);
        var source = new GroupCommitDataSource(connectionString);
        await commit.RunAsync(async (_, _) =>
        {
            await using var lent = await source.OpenConnectionAsync();
            await using var command = lent.CreateCommand();
            command.CommandText = "INSERT INTO item (id, name) VALUES (7, 'lent')";
            await command.ExecuteNonQueryAsync();
            // Not yet visible to anyone else: it is in the group's open transaction.
            Assert.Equal(0, Count());
        });
        Assert.Equal(1, Count());

        await using var own = await source.OpenConnectionAsync();
        Assert.IsType<PrefixedSqliteConnection>(own);
        Assert.Equal(1L, await own.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM item"));
    }

    private int Count()
    {
        using var connection = new SqliteConnection(connectionString);
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM item");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
