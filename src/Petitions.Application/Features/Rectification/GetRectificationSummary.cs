using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Contracts.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// GET /api/rectification/plans/{code}/summary?asOf=: completed / kept up / on schedule / in progress / overdue as of a
/// date (default today, China time), and whether every task is on schedule. Counts the tasks the caller sees.
/// </summary>
public static class GetRectificationSummary
{
    [Authorize(Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record GetRectificationSummaryQuery(string PlanCode, DateOnly? AsOf) : IRequest<RectificationSummaryView>;

    public sealed class Handler(LedgerAccess access, IRectificationReadModel ledger) : IRequestHandler<GetRectificationSummaryQuery, RectificationSummaryView>
    {
        public async Task<RectificationSummaryView> Handle(GetRectificationSummaryQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var plan = await access.VisiblePlanAsync(caller, request.PlanCode, cancellationToken);
            var asOf = request.AsOf ?? access.Today;
            var rows = await ledger.TasksAsync(plan.Code, asOf, access.TaskFilter(caller, plan), cancellationToken);
            return RectificationSummaryView.From(plan.Code, asOf, rows);
        }
    }
}
