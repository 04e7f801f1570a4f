using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;

namespace Petitions.Application.Features.Units;

/// <summary>GET /api/units: the unit tree (自治区 → prefectures, 兵团 → divisions, departments …). Units are not secret.</summary>
public static class ListUnits
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, Roles.Admin, Roles.Auditor)]
    public sealed record Query(bool IncludeInactive = false) : IRequest<IReadOnlyList<UnitTreeNode>>;

    public sealed class Handler(UnitDirectory units) : IRequestHandler<Query, IReadOnlyList<UnitTreeNode>>
    {
        public async Task<IReadOnlyList<UnitTreeNode>> Handle(Query request, CancellationToken cancellationToken) =>
            UnitTreeNode.Build(await units.GetAsync(cancellationToken), request.IncludeInactive);
    }
}
