using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// The embedded database: WAL journal (readers never wait for the writer) and Microsoft.Data.Sqlite's busy retry
/// for the default 30 s command timeout, so concurrent writers wait instead of failing with "database is locked".
/// </summary>
public sealed class SqliteDatabase : IDatabase
{
    public SqliteDatabase(string path)
    {
        ConnectionString = ConnectionStringFor(path);
        // A pool of its own (a different connection string), so that no connection left at synchronous=NORMAL is
        // ever handed to Orleans' grain storage or to a write of primary data.
        derivedConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { ForeignKeys = false }.ToString();
    }

    private readonly string derivedConnectionString;

    public string ConnectionString { get; }

    /// <summary>The file's one-writer gate, shared with the grain storage (see <see cref="SqliteWriteGate"/>).</summary>
    public SqliteWriteGate WriteGate => SqliteWriteGate.For(ConnectionString);

    /// <summary>The file's group commit, shared with the grain storage (see <see cref="SqliteGroupCommit"/>).</summary>
    public SqliteGroupCommit GroupCommit => SqliteGroupCommit.For(ConnectionString);

    /// <summary>The connection string of a database file (its folder is created), shared with Orleans' providers.</summary>
    public static string ConnectionStringFor(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Pooling = true,
            DefaultTimeout = 30,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();
    }

    public SqlDialect Dialect => SqlDialect.Sqlite;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new PrefixedSqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task<DbConnection> OpenDerivedAsync(CancellationToken cancellationToken = default)
    {
        var connection = new PrefixedSqliteConnection(derivedConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}

public sealed class PostgresDatabase(string connectionString) : IDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>As configured (NpgsqlDataSource.ConnectionString drops the password, which Orleans still needs).</summary>
    public string ConnectionString => connectionString;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>The projector's transactions set synchronous_commit off for themselves (SET LOCAL).</summary>
    public Task<DbConnection> OpenDerivedAsync(CancellationToken cancellationToken = default) => OpenAsync(cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
