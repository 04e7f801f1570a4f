using Petitions.Domain.Cases;

namespace Petitions.Application.Common.Security;

/// <summary>
/// Declares who may send a request. Checked by <see cref="Behaviors.AuthorizationBehavior{TRequest,TResponse}"/>
/// before the handler runs; a request type without this attribute (or <see cref="AllowAnonymousAttribute"/>) is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuthorizeAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>For case requests: a handler must belong to the case's lead unit (not only a co-unit).</summary>
    public bool HandlerMustLead { get; init; }

    /// <summary>
    /// For the answer to a 复查 / 复核 (hearing, decision): the caller's scope must hold the unit reviewing the case's open
    /// review, and a handler must belong to it (the lead unit's handlers do not review themselves).
    /// </summary>
    public bool HandlerMustReview { get; init; }

    /// <summary>For reading a case: the units that review or reviewed it (复查 / 复核) see it too.</summary>
    public bool ReviewersToo { get; init; }
}

/// <summary>A request anyone may send (sign-in, public disclosure).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowAnonymousAttribute : Attribute;

/// <summary>A request about one case: the behavior checks that the caller may see it (404 if not).</summary>
public interface ICaseRequest
{
    string CaseNo { get; }
}

/// <summary>A request about one responsible unit: the behavior checks that the unit is in the caller's scope.</summary>
public interface IUnitRequest
{
    string UnitCode { get; }
}

/// <summary>
/// A case-file action: the request sends commands of this kind. Its <see cref="AuthorizeAttribute"/> is then who may
/// take the action, and the case's allowed actions are derived from it (<see cref="CaseActionPermissions"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SendsAttribute(CaseCommandKind kind) : Attribute
{
    public CaseCommandKind Kind { get; } = kind;
}

/// <summary>
/// A request that acts within units named in its body (registration: the region and the lead unit): the behavior
/// checks them against the caller's scope before validation, so an out-of-scope caller learns nothing from field errors.
/// </summary>
public interface IUnitScopedRequest
{
    /// <summary>The units named (blank ones left out: validation answers for those).</summary>
    IEnumerable<string> ScopedUnits { get; }
}
