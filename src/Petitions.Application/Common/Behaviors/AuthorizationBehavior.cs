using System.Reflection;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common;

namespace Petitions.Application.Common.Behaviors;

/// <summary>
/// Checks role and unit scope before any handler runs: a role the request does not allow → 403 (without looking
/// at the case, so nothing is revealed); a case or unit outside the caller's scope → 404; a handler who is only a
/// co-unit on a lead-unit action → 403. A request type that declares nothing is refused: no way around it.
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
        var roles = Requirement.Roles.Count == 0 ? user.Roles : Requirement.Roles.Where(user.IsInRole).ToList();
        if (roles.Count == 0)
        {
            throw new ForbiddenException($"The roles {string.Join(", ", user.Roles)} may not do {RequestName.Of(typeof(TRequest))}.");
        }

        if (request is ICaseRequest caseRequest)
        {
            await AuthorizeCase(user, roles, caseRequest.CaseNo, cancellationToken);
        }

        if (request is IUnitRequest unitRequest)
        {
            var tree = await units.GetAsync(cancellationToken);
            if (!tree.Contains(unitRequest.UnitCode) || !Scope.For(user, tree, roles).Includes(unitRequest.UnitCode) && !roles.Contains(Roles.Admin))
            {
                throw new NotFoundException($"Unit {unitRequest.UnitCode} was not found.");
            }
        }

        return await next();
    }

    private async Task AuthorizeCase(CurrentUser user, IReadOnlyList<string> roles, string caseNo, CancellationToken cancellationToken)
    {
        var notFound = new NotFoundException($"Case {caseNo} was not found.");
        if (string.IsNullOrWhiteSpace(caseNo)) throw notFound;

        var petitionCase = await cases.GetAsync(caseNo) ?? throw notFound;
        var tree = await units.GetAsync(cancellationToken);
        var caseUnits = petitionCase.Units.ToList();
        if (!Scope.For(user, tree, roles).IncludesAny(caseUnits)) throw notFound;

        // Only a handler who can act solely through a co-unit is held to the lead-unit requirement.
        if (Requirement!.HandlerMustLead && roles.All(r => r == Roles.Handler) && !user.Units.Contains(petitionCase.EffectiveLeadUnit))
        {
            throw new ForbiddenException($"Only the lead unit ({petitionCase.EffectiveLeadUnit}) may do this.");
        }
    }
}
