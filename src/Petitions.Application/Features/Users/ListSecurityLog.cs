using MediatR;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Users;

/// <summary>GET /api/admin/security-log: sign-ins, failures, lockouts and account changes, newest first.</summary>
public static class ListSecurityLog
{
    [Authorize(Roles.Admin)]
    public sealed record Query(string? Username, int Limit = 200) : IRequest<IReadOnlyList<SecurityLogEntry>>;

    public sealed class Handler(ISecurityLogStore log) : IRequestHandler<Query, IReadOnlyList<SecurityLogEntry>>
    {
        public Task<IReadOnlyList<SecurityLogEntry>> Handle(Query request, CancellationToken cancellationToken) =>
            log.ListAsync(request.Username, Math.Clamp(request.Limit, 1, 1000), cancellationToken);
    }
}
