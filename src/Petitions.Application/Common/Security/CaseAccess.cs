using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;

namespace Petitions.Application.Common.Security;

/// <summary>How a user stands to a case under one request's <see cref="AuthorizeAttribute"/>.</summary>
public enum CaseAccessOutcome
{
    Allowed,
    /// <summary>None of the user's roles may send the request (403, decided without reading the case).</summary>
    RoleNotAllowed,
    /// <summary>The case is outside the user's scope for those roles (404: its existence is not revealed).</summary>
    OutOfScope,
    /// <summary>A handler who works the case only as a co-unit, on a lead-unit action (403).</summary>
    NotLeadUnit,
    /// <summary>A caller in scope of the case but not of the unit reviewing its open review, on the review's answer (403).</summary>
    NotReviewingUnit,
}

/// <summary>
/// Role × relation to the case (lead unit's handler, co-unit's handler, in scope): the one check the authorization
/// behavior enforces and the allowed actions are derived from.
/// </summary>
public static class CaseAccess
{
    /// <summary>The user's roles that the requirement admits (all of them when it names none).</summary>
    public static IReadOnlyList<string> GrantedRoles(AuthorizeAttribute requirement, CurrentUser user) =>
        requirement.Roles.Count == 0 ? user.Roles : requirement.Roles.Where(user.IsInRole).ToList();

    public static CaseAccessOutcome Check(AuthorizeAttribute requirement, CurrentUser user, UnitTree tree, PetitionCase petitionCase)
    {
        var roles = GrantedRoles(requirement, user);
        if (roles.Count == 0) return CaseAccessOutcome.RoleNotAllowed;
        var scope = Scope.For(user, tree, roles);
        var visible = requirement.ReviewersToo || requirement.HandlerMustReview ? petitionCase.VisibleTo : petitionCase.Units;
        if (requirement.HandlerMustReview)
        {
            // The reviewing unit answers: its handlers, and supervisors over it; others who see the case are refused.
            // Without an open review a supervisor reaches the rules (409), a handler has nothing to answer.
            var open = Reviews.Open(petitionCase);
            var handlerOnly = roles.All(r => r == Roles.Handler);
            if (open is not null ? scope.Includes(open.ReviewingUnit) && (!handlerOnly || user.Units.Contains(open.ReviewingUnit)) : !handlerOnly && scope.IncludesAny(visible))
                return CaseAccessOutcome.Allowed;
            return scope.IncludesAny(visible) ? CaseAccessOutcome.NotReviewingUnit : CaseAccessOutcome.OutOfScope;
        }

        if (!scope.IncludesAny(visible)) return CaseAccessOutcome.OutOfScope;

        // Only a handler who can act solely through a co-unit is held to the lead-unit requirement.
        return requirement.HandlerMustLead && roles.All(r => r == Roles.Handler) && !user.Units.Contains(petitionCase.EffectiveLeadUnit)
            ? CaseAccessOutcome.NotLeadUnit
            : CaseAccessOutcome.Allowed;
    }
}

/// <summary>
/// Who may take each case-file action: the <see cref="AuthorizeAttribute"/> of the request marked
/// <see cref="SendsAttribute"/> with its kind. With the domain's <see cref="CaseCommandTable"/> this gives the actions
/// a user may take on a case now; the user interface renders that list and decides nothing itself.
/// </summary>
public static class CaseActionPermissions
{
    private static readonly IReadOnlyList<(Type Request, CaseCommandKind Kind, AuthorizeAttribute Who)> Actions = typeof(CaseActionPermissions).Assembly
        .GetTypes()
        .Select(t => (Type: t, Sends: (SendsAttribute?)Attribute.GetCustomAttribute(t, typeof(SendsAttribute))))
        .Where(x => x.Sends is not null)
        .Select(x => (x.Type, x.Sends!.Kind, (AuthorizeAttribute?)Attribute.GetCustomAttribute(x.Type, typeof(AuthorizeAttribute))
            ?? throw new InvalidOperationException($"{x.Type.FullName} sends {x.Sends.Kind} but declares no [Authorize].")))
        .OrderBy(x => x.Kind)
        .ToList();

    /// <summary>Who may send each kind of case-file action (one request per kind).</summary>
    public static readonly IReadOnlyDictionary<CaseCommandKind, AuthorizeAttribute> ByKind = Actions.ToDictionary(a => a.Kind, a => a.Who);

    /// <summary>The kind a request type sends, or null when it is not a case-file action.</summary>
    public static CaseCommandKind? KindOf(Type requestType) =>
        Actions.Where(a => a.Request == requestType).Select(a => (CaseCommandKind?)a.Kind).FirstOrDefault();

    /// <summary>The actions this user may take on this case now: the state allows the kind, and the user may send it.</summary>
    public static IReadOnlyList<CaseCommandKind> AllowedFor(CurrentUser user, UnitTree tree, PetitionCase petitionCase) =>
        ByKind.Where(a => CaseCommandTable.Applies(petitionCase, a.Key) && CaseAccess.Check(a.Value, user, tree, petitionCase) == CaseAccessOutcome.Allowed)
            .Select(a => a.Key)
            .Order()
            .ToList();
}
