using MediatR;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Rectification;

/// <summary>GET /api/rectification/tasks/{id}: the task page (finding, deadline, measures, progress, evidence, linked cases).</summary>
public static class GetRectificationTask
{
    [Authorize(Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record GetRectificationTaskQuery(string TaskId) : IRequest<RectificationTaskView>;

    public sealed class Handler(LedgerAccess access) : IRequestHandler<GetRectificationTaskQuery, RectificationTaskView>
    {
        public async Task<RectificationTaskView> Handle(GetRectificationTaskQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var (task, plan) = await access.VisibleTaskAsync(caller, request.TaskId, cancellationToken);
            return await access.ViewAsync(caller, task, plan, cancellationToken);
        }
    }
}
