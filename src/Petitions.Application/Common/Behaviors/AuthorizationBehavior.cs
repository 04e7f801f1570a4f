using System.Reflection;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common;
using Petitions.Domain.Cases;

namespace Petitions.Application.Common.Behaviors;

/// <summary>
/// Checks role and unit scope before any handler runs: a role the request does not allow → 403 (without looking
/// at the case, so nothing is revealed); a case or unit outside the caller's scope → 404; a handler who is only a
/// co-unit on a lead-unit action → 403; a region or lead unit named in the body outside the caller's scope → 403.
/// All of it before validation, so field errors never tell an out-of-scope caller anything. A request type that
/// declares nothing is refused: no way around it.
/// </summary>
public sealed class AuthorizationBehavior<TRequest, TResponse>(ICurrentUserAccessor users, UnitDirectory units, CaseReader cases)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly AuthorizeAttribute? Requirement = typeof(TRequest).GetCustomAttribute<AuthorizeAttribute>();
    private static readonly bool Anonymous = typeof(TRequest).GetCustomAttribute<AllowAnonymousAttribute>() is not null;

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (Anonymous)
        {
            return await next();
        }

        if (Requirement is null)
        {
            throw new InvalidOperationException($"{typeof(TRequest).FullName} declares neither [Authorize] nor [AllowAnonymous].");
        }

        var user = await users.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in first.");
        var roles = CaseAccess.GrantedRoles(Requirement, user);
        if (roles.Count == 0)
        {
            throw new ForbiddenException($"The roles {string.Join(", ", user.Roles)} may not do {RequestName.Of(typeof(TRequest))}.");
        }

        if (request is ICaseRequest caseRequest)
        {
            await AuthorizeCase(user, caseRequest.CaseNo, cancellationToken);
        }

        if (request is IUnitRequest unitRequest)
        {
            var tree = await units.GetAsync(cancellationToken);
            if (!tree.Contains(unitRequest.UnitCode) || !Scope.For(user, tree, roles).Includes(unitRequest.UnitCode) && !roles.Contains(Roles.Admin))
            {
                throw new NotFoundException($"Unit {unitRequest.UnitCode} was not found.");
            }
        }

        if (request is IUnitScopedRequest scopedRequest)
        {
            var scope = Scope.For(user, await units.GetAsync(cancellationToken), roles);
            if (!scopedRequest.ScopedUnits.All(scope.Includes))
            {
                throw new ForbiddenException("The region or lead unit is outside your scope.");
            }
        }

        return await next();
    }

    private async Task AuthorizeCase(CurrentUser user, string caseNo, CancellationToken cancellationToken)
    {
        var notFound = new NotFoundException($"Case {caseNo} was not found.");
        if (string.IsNullOrWhiteSpace(caseNo)) throw notFound;

        var petitionCase = await cases.GetAsync(caseNo) ?? throw notFound;
        switch (CaseAccess.Check(Requirement!, user, await units.GetAsync(cancellationToken), petitionCase))
        {
            case CaseAccessOutcome.OutOfScope:
                throw notFound;
            case CaseAccessOutcome.NotLeadUnit:
                throw new ForbiddenException($"Only the lead unit ({petitionCase.EffectiveLeadUnit}) may do this.");
            case CaseAccessOutcome.NotReviewingUnit:
                throw new ForbiddenException(Reviews.Open(petitionCase) is { } open
                    ? $"Only the reviewing unit ({open.ReviewingUnit}) may answer review {open.No}."
                    : "The case has no review waiting for its answer.");
        }
    }
}
