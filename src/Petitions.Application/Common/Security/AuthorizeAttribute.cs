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
