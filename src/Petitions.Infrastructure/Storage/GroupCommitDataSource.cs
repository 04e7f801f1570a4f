using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Petitions.Infrastructure.Storage;

/// <summary>
/// The SQLite data source given to Orleans' ADO.NET grain storage (AdoNetGrainStorageOptions.DataSource): an ordinary
/// pooled connection, except inside a write of <see cref="SqliteGroupCommit"/>, where it hands out the group's
/// connection with the group's transaction. The provider stays the provider (its queries, versions and ETags); only
/// the commit it would have made on its own is shared with the other writes of the group.
/// </summary>
public sealed class GroupCommitDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new PrefixedSqliteConnection(connectionString);

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (Enlistment.Current is { } enlistment) return new EnlistedConnection(enlistment);
        var connection = new PrefixedSqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override DbConnection OpenDbConnection()
    {
        if (Enlistment.Current is { } enlistment) return new EnlistedConnection(enlistment);
        var connection = new PrefixedSqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The group's connection, lent: commands run in the group's transaction; closing it leaves it open.</summary>
    private sealed class EnlistedConnection(Enlistment enlistment) : DbConnection
    {
        [AllowNull]
        public override string ConnectionString
        {
            get => enlistment.Connection.ConnectionString;
            set => throw new NotSupportedException("A lent connection keeps its connection string.");
        }

        public override string Database => enlistment.Connection.Database;

        public override string DataSource => enlistment.Connection.DataSource;

        public override string ServerVersion => enlistment.Connection.ServerVersion;

        public override ConnectionState State => ConnectionState.Open;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Open()
        {
        }

        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Close()
        {
        }

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            throw new NotSupportedException("The connection is already in the group's transaction.");

        protected override DbCommand CreateDbCommand()
        {
            var command = enlistment.Connection.CreateCommand();
            command.Transaction = enlistment.Transaction;
            return command;
        }
    }
}
