using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Stats;
using Petitions.Contracts.Units;

namespace Petitions.Application.Features.Units;

/// <summary>GET /api/units/{code}: profile, supervision notices and statistics, for callers whose scope includes the unit.</summary>
public static class GetUnit
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record Query(string UnitCode) : IRequest<UnitView>, IUnitRequest;

    public sealed class Handler(IGrainFactory grains, UnitDirectory units, CompletionStatistics statistics, ICurrentUserAccessor users)
        : IRequestHandler<Query, UnitView>
    {
        public async Task<UnitView> Handle(Query request, CancellationToken cancellationToken)
        {
            var unit = await grains.GetGrain<IResponsibleUnitGrain>(request.UnitCode).Get()
                       ?? throw new NotFoundException($"Unit {request.UnitCode} was not found.");
            var tree = await units.GetAsync(cancellationToken);
            var row = (await statistics.ComputeAsync(new StatsFilter { Unit = request.UnitCode }, null, StatsScope.For((await users.GetAsync(cancellationToken))!, tree), cancellationToken)).Single();
            return UnitView.From(unit, tree, row);
        }
    }
}

