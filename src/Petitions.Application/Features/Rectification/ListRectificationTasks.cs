using FluentValidation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// GET /api/rectification/plans/{code}/tasks: the plan's ledger as of a date (default today), filtered by category
/// (status; Overdue = past the deadline and not completed on that date), responsible unit, deadline, overdue reports.
/// </summary>
public static class ListRectificationTasks
{
    [Authorize(Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record ListRectificationTasksQuery(string PlanCode, DateOnly? AsOf, string? Status, string? Unit, DateOnly? DeadlineBy, bool? ReportOverdue)
        : IRequest<IReadOnlyList<RectificationTaskListItem>>;

    public sealed class Validator : AbstractValidator<ListRectificationTasksQuery>
    {
        public Validator()
        {
            RuleFor(q => q.Status).EnumName(typeof(LedgerCategory)).When(q => !string.IsNullOrWhiteSpace(q.Status));
            RuleFor(q => q.Unit).MaximumLength(20).PlainText();
        }
    }

    public sealed class Handler(LedgerAccess access, IRectificationReadModel ledger) : IRequestHandler<ListRectificationTasksQuery, IReadOnlyList<RectificationTaskListItem>>
    {
        public async Task<IReadOnlyList<RectificationTaskListItem>> Handle(ListRectificationTasksQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var plan = await access.VisiblePlanAsync(caller, request.PlanCode, cancellationToken);
            var asOf = request.AsOf ?? access.Today;
            var rows = await ledger.TasksAsync(plan.Code, asOf, access.TaskFilter(caller, plan), cancellationToken);
            var items = rows.Select(r => RectificationTaskListItem.From(r, asOf, access.Today, caller.Tree));
            if (!string.IsNullOrWhiteSpace(request.Status))
            {
                var category = InputRules.ParseEnum<LedgerCategory>(request.Status);
                items = items.Where(i => i.Category == category);
            }

            if (!string.IsNullOrWhiteSpace(request.Unit)) items = items.Where(i => i.LeadUnit.Code == request.Unit || i.CoUnits.Any(u => u.Code == request.Unit));
            if (request.DeadlineBy is { } by) items = items.Where(i => i.DeadlineDate is { } d && d <= by);
            if (request.ReportOverdue is true) items = items.Where(i => i.ReportOverdue);
            return items.ToList();
        }
    }
}
