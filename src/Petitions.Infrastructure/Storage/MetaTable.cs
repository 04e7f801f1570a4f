using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Storage;

/// <summary>The meta table: named facts about this database (e.g. the demo plan's anchor date and progress).</summary>
public sealed class MetaTable(IDatabase database)
{
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT value FROM meta WHERE key = @key", new { key }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the value unless the key has one already (the first writer wins).</summary>
    public async Task AddAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING", new { key, value }, cancellationToken: cancellationToken));
    }

    public async Task SetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", new { key, value }, cancellationToken: cancellationToken));
    }

    /// <summary>Opens a connection and runs a trivial query: throws when the database does not answer.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
    }
}
