using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Rectification;

namespace Petitions.Application.Features.Rectification;

/// <summary>
/// The rows of GET /api/rectification/plans/{code}/export.xlsx, in the appendix's shape: number and problem, 整改时限,
/// 整改进展情况 as of the date, and the measures as numbered there (a split task's parts under their labels).
/// </summary>
public static class ExportRectificationLedger
{
    [Authorize(Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record ExportRectificationLedgerQuery(string PlanCode, DateOnly? AsOf) : IRequest<RectificationLedgerSheet>;

    public sealed class Handler(LedgerAccess access, IRectificationReadModel ledger) : IRequestHandler<ExportRectificationLedgerQuery, RectificationLedgerSheet>
    {
        public async Task<RectificationLedgerSheet> Handle(ExportRectificationLedgerQuery request, CancellationToken cancellationToken)
        {
            var caller = await access.CallerAsync(cancellationToken);
            var plan = await access.VisiblePlanAsync(caller, request.PlanCode, cancellationToken);
            var asOf = request.AsOf ?? access.Today;
            var rows = await ledger.TasksAsync(plan.Code, asOf, access.TaskFilter(caller, plan), cancellationToken);
            return new RectificationLedgerSheet(plan.Code, plan.Name, asOf, rows.Where(r => r.ProgressAsOf is not null).Select(r => new RectificationLedgerSheetRow(
                r.Number, r.Problem, r.DeadlineText ?? "", r.StatusWritten!, StatusVocabulary.Categorize(r.ProgressAsOf!.Value, r.Deadline, asOf),
                string.Join("、", r.Units.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(caller.Tree.NameOf)), r.Leader, r.Measures ?? "")).ToList());
        }
    }
}

public sealed record RectificationLedgerSheet(string PlanCode, string PlanName, DateOnly AsOf, IReadOnlyList<RectificationLedgerSheetRow> Rows);

public sealed record RectificationLedgerSheetRow(string Number, string Problem, string Deadline, string StatusAsWritten, LedgerCategory Category, string Units, string? Leader, string Measures);
