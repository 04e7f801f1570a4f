namespace Petitions.Application.Common.Security;

/// <summary>
/// The signed-in user, loaded from the account store on every request (so a deactivation or a changed scope takes
/// effect at once). <see cref="Units"/>: a handler's own units, or the roots of an intake's or supervisor's scope.
/// </summary>
public sealed record CurrentUser(string Username, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Units, bool AllUnits, string? Language = null)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>Who is calling: resolved by the host from the bearer token, the cookie, or the Blazor circuit.</summary>
public interface ICurrentUserAccessor
{
    /// <summary>The user, or null when the call is anonymous (only public requests allow that).</summary>
    Task<CurrentUser?> GetAsync(CancellationToken cancellationToken = default);
}
