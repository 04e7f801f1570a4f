using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Units;

/// <summary>
/// GET /api/units/{code}/queue: the open cases a unit works on (as lead or co-unit; that unit only, not its
/// subtree), overdue first, then by due date. The unit must be in the caller's scope (404 otherwise).
/// </summary>
public static class GetUnitQueue
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<PagedResult<CaseListItem>>, IUnitRequest
    {
        public string UnitCode { get; init; } = "";
        public string? Page { get; init; }
        public string? PageSize { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).MustBeInt(1, 1_000_000);
            RuleFor(q => q.PageSize).MustBeInt(1, QueryValues.MaxPageSize);
        }
    }

    public sealed class Handler(ICaseIndex index, UnitDirectory units, IClock clock) : IRequestHandler<Query, PagedResult<CaseListItem>>
    {
        public async Task<PagedResult<CaseListItem>> Handle(Query request, CancellationToken cancellationToken)
        {
            var now = clock.UtcNow;
            var page = QueryValues.Int(request.Page) ?? 1;
            var pageSize = QueryValues.Int(request.PageSize) ?? QueryValues.DefaultPageSize;
            var filter = new CaseIndexFilter { Now = now, OpenOnly = true, AnyUnitIn = [request.UnitCode] };
            var result = await index.PageAsync(filter, CaseOrder.OverdueFirst, page, pageSize, cancellationToken);
            var tree = await units.GetAsync(cancellationToken);
            return new PagedResult<CaseListItem>(result.Rows.Select(r => CaseListItem.From(r, tree, now)).ToList(), result.Total, page, pageSize);
        }
    }
}
