using Dapper;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Accounts;

/// <summary>The secrets table: the first writer of a name wins.</summary>
public sealed class SecretTable(IDatabase database) : ISecretTable
{
    public async Task<string> AddOrGetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name, value }, cancellationToken: cancellationToken));
        return (await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM secrets WHERE name = @name", new { name }, cancellationToken: cancellationToken)))!;
    }
}
