using MediatR;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Rectification;

/// <summary>GET /api/rectification/plans: the plans the caller sees (see <see cref="LedgerAccess"/>).</summary>
public static class ListRectificationPlans
{
    [Authorize(Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record ListRectificationPlansQuery : IRequest<IReadOnlyList<RectificationPlanView>>;

    public sealed class Handler(LedgerAccess access) : IRequestHandler<ListRectificationPlansQuery, IReadOnlyList<RectificationPlanView>>
    {
        public async Task<IReadOnlyList<RectificationPlanView>> Handle(ListRectificationPlansQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            return (await access.VisiblePlansAsync(caller, cancellationToken)).Select(p => RectificationPlanView.From(p, caller.Tree)).ToList();
        }
    }
}
