using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Units;

namespace Petitions.Infrastructure.Schema;

/// <summary>
/// Creates or upgrades the schema at start-up: the Orleans ADO.NET tables and queries, and the project's own
/// tables. Scripts are embedded resources named NNNN_name.sql per dialect; each runs once, in a transaction,
/// recorded in schema_version. A lock (PostgreSQL advisory lock; SQLite's write lock) keeps two silos that start
/// together on an empty database from racing.
/// </summary>
public sealed partial class SchemaMigrator(IDatabase database, ILogger<SchemaMigrator> logger)
{
    /// <summary>An arbitrary constant shared by every silo of every Petitions deployment: the migration lock.</summary>
    private const long AdvisoryLockKey = 0x5045_5449_5449_4F4E; // "PETITION"

    public sealed record Script(int Version, string Name, string Sql);

    public IReadOnlyList<Script> Scripts { get; } = LoadScripts(database.Dialect);

    public int LatestVersion => Scripts.Count == 0 ? 0 : Scripts[^1].Version;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        }
        else
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        }

        try
        {
            var applied = 0;
            foreach (var script in Scripts)
            {
                applied += await ApplyAsync(connection, script, cancellationToken) ? 1 : 0;
            }

            await SeedUnitsAsync(connection);
            if (database.Dialect == SqlDialect.Sqlite)
            {
                await ReadModel.CaseTextSearch.BackfillAsync(connection, done => logger.LogInformation("Text search index: {Count} existing case(s) indexed", done), cancellationToken);
            }

            await FillStatsCountersAsync(connection, cancellationToken);
            var version = await CurrentVersionAsync(connection, null);
            logger.LogInformation("Schema at version {Version} ({Applied} script(s) applied now)", version, applied);
            return applied;
        }
        finally
        {
            if (database.Dialect == SqlDialect.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
            }
        }
    }

    private async Task<bool> ApplyAsync(DbConnection connection, Script script, CancellationToken cancellationToken)
    {
        // SQLite: BeginTransaction takes the write lock at once (BEGIN IMMEDIATE), so the check below cannot race.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            transaction: transaction);
        if (await CurrentVersionAsync(connection, transaction) >= script.Version)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        logger.LogInformation("Applying schema script {Version} {Name}", script.Version, script.Name);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = script.Sql;
            command.CommandTimeout = 300;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await connection.ExecuteAsync(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
            new { script.Version, script.Name, At = DateTimeOffset.UtcNow.ToString("O") }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction)
    {
        var exists = await connection.ExecuteScalarAsync<int?>(
            connection is Npgsql.NpgsqlConnection
                ? "SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'"
                : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            transaction: transaction);
        return exists is null ? 0 : await connection.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;
    }

    /// <summary>
    /// The statistics counters (script 0017) start from a recount of the case rows already there, once; afterwards the
    /// projector keeps them.
    /// </summary>
    private async Task FillStatsCountersAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<string?>("SELECT value FROM meta WHERE key = @key", new { key = ReadModel.StatsCounters.FilledKey }) is not null) return;
        var differences = await ReadModel.StatsCounters.RecountAsync(connection, database.Dialect, cancellationToken);
        logger.LogInformation("Statistics counters filled from the case rows ({Count} value(s) set)", differences.Count);
    }

    /// <summary>The unit catalog is seeded once; afterwards administrators own it (a deleted seed stays deleted).</summary>
    private async Task SeedUnitsAsync(DbConnection connection)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var seeded = await connection.ExecuteScalarAsync<string?>("SELECT value FROM meta WHERE key = 'units.seeded'", transaction: transaction);
        if (seeded is not null)
        {
            await transaction.RollbackAsync();
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            """
            INSERT INTO units (code, name, parent_code, kind, sort_order, active, rectification_days, version, updated_at)
            VALUES (@Code, @Name, @ParentCode, @Kind, @SortOrder, 1, 30, 1, @Now)
            ON CONFLICT (code) DO NOTHING
            """,
            UnitCatalog.Seed.Select(u => new { u.Code, u.Name, u.ParentCode, Kind = u.Kind.ToString(), u.SortOrder, Now = now }),
            transaction);
        await connection.ExecuteAsync("INSERT INTO meta (key, value) VALUES ('units.seeded', @At)", new { At = DateTimeOffset.UtcNow.ToString("O") }, transaction);
        await transaction.CommitAsync();
        logger.LogInformation("Seeded {Count} responsible units", UnitCatalog.Seed.Count);
    }

    private static List<Script> LoadScripts(SqlDialect dialect)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var folder = $".Schema.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(folder, StringComparison.Ordinal))
            .Select(name => (name, match: ScriptName().Match(name)))
            .Where(x => x.match.Success)
            .Select(x => new Script(int.Parse(x.match.Groups[1].Value), x.match.Groups[2].Value, Read(assembly, x.name)))
            .OrderBy(s => s.Version)
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
