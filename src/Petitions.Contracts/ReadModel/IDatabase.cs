using System.Data.Common;

namespace Petitions.Contracts.ReadModel;

public enum SqlDialect { Sqlite, Postgres }

/// <summary>The SQL database of the storage profile: read model, accounts, rounds and units live here.</summary>
public interface IDatabase
{
    SqlDialect Dialect { get; }

    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A connection for data derived from grain state (the read-model projection): its commits may skip the flush to
    /// disk, because a projection lost to a power cut is found (storage version ahead of the row) and re-projected at
    /// the next start. Grain state and primary data (accounts, rounds, units) always use <see cref="OpenAsync"/>.
    /// </summary>
    Task<DbConnection> OpenDerivedAsync(CancellationToken cancellationToken = default);
}

/// <summary>Instants in SQL are milliseconds since the Unix epoch (UTC), identical on SQLite and PostgreSQL.</summary>
public static class SqlTime
{
    public static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? FromMs(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}

public static class SqlLists
{
    /// <summary>
    /// "column IN list": Dapper expands a list parameter into (@p1, @p2, …) on SQLite, but hands Npgsql one array
    /// parameter, which PostgreSQL only accepts as "= ANY(@p)".
    /// </summary>
    public static string In(this SqlDialect dialect, string column, string parameter) =>
        dialect == SqlDialect.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";
}
