using Dapper;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Features.Users;

/// <summary>GET /api/admin/security-log: sign-ins, failures, lockouts and account changes, newest first.</summary>
public static class ListSecurityLog
{
    [Authorize(Roles.Admin)]
    public sealed record Query(string? Username, int Limit = 200) : IRequest<IReadOnlyList<Entry>>;

    public sealed record Entry(long Id, DateTimeOffset At, string Username, string Event, string? Detail, string? Remote);

    private sealed record Row(long Id, long At, string Username, string Event, string? Detail, string? Remote);

    public sealed class Handler(IDatabase database) : IRequestHandler<Query, IReadOnlyList<Entry>>
    {
        public async Task<IReadOnlyList<Entry>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                """
                SELECT id AS Id, at AS At, username AS Username, event AS Event, detail AS Detail, remote AS Remote
                FROM security_log WHERE (@Username IS NULL OR username = @Username)
                ORDER BY id DESC LIMIT @Limit
                """,
                new { request.Username, Limit = Math.Clamp(request.Limit, 1, 1000) }, cancellationToken: cancellationToken));
            return rows.Select(r => new Entry(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Username, r.Event, r.Detail, r.Remote)).ToList();
        }
    }
}
