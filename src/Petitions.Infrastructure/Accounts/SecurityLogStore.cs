using Dapper;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Accounts;

/// <summary>The security_log table.</summary>
public sealed class SecurityLogStore(IDatabase database) : ISecurityLogStore
{
    private sealed record Row(long Id, long At, string Username, string Event, string? Detail, string? Remote);

    public async Task AppendAsync(DateTimeOffset at, string username, string securityEvent, string? detail, string? remote, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO security_log (at, username, event, detail, remote) VALUES (@at, @username, @securityEvent, @detail, @remote)",
            new { at = SqlTime.ToMs(at), username, securityEvent, detail, remote }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<SecurityLogEntry>> ListAsync(string? username, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, at AS At, username AS Username, event AS Event, detail AS Detail, remote AS Remote
            FROM security_log WHERE (@username IS NULL OR username = @username)
            ORDER BY id DESC LIMIT @limit
            """,
            new { username, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new SecurityLogEntry(r.Id, SqlTime.FromMs(r.At), r.Username, r.Event, r.Detail, r.Remote)).ToList();
    }
}
