using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Features.Admin;

/// <summary>
/// POST /api/admin/stats/rebuild: recounts the read model (and so every statistic) from the case states and reports
/// each difference it corrected. "corrected": false means the live numbers were already exact.
/// </summary>
public static class RebuildReadModel
{
    [Authorize(Roles.Admin)]
    public sealed record Command : IRequest<RecountReport>;

    public sealed class Handler(IReadModelRecount recount) : IRequestHandler<Command, RecountReport>
    {
        public Task<RecountReport> Handle(Command request, CancellationToken cancellationToken) => recount.RebuildAsync(cancellationToken);
    }
}
