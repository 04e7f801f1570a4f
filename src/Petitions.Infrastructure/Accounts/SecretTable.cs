using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Accounts;

/// <summary>
/// The secrets table of databases made before the key directory: its values are moved into the key directory at
/// start (<see cref="Keys.KeyRing"/>) and deleted here. Nothing writes it any more.
/// </summary>
public sealed class SecretTable(IDatabase database)
{
    public async Task<IReadOnlyList<(string Name, string Value)>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT name, value FROM secrets ORDER BY name", cancellationToken: cancellationToken))).ToList();
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM secrets WHERE name = @name", new { name }, cancellationToken: cancellationToken));
    }
}
