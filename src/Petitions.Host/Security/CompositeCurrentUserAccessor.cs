using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Petitions.Application.Common.Security;

namespace Petitions.Host.Security;

/// <summary>
/// The caller, wherever the request comes from: an HTTP request (bearer token or cookie), a Blazor circuit (no
/// HttpContext there: the circuit's principal, handed over by <see cref="Components.UiMediator"/> or read from the
/// AuthenticationStateProvider). The account is loaded from the store each time, so an inactive account is signed out.
/// </summary>
public sealed class CompositeCurrentUserAccessor(IHttpContextAccessor http, UserAccounts accounts, IServiceProvider services)
    : ICurrentUserAccessor, IRequestOrigin
{
    private const string ItemKey = "petitions.current-user";

    private ClaimsPrincipal? circuitPrincipal;
    private string? circuitRemote;
    private (bool Loaded, CurrentUser? User) circuitUser;

    /// <summary>Remembers the user validated by the authentication handler for this HTTP request.</summary>
    public static void Remember(HttpContext context, CurrentUser user) => context.Items[ItemKey] = user;

    /// <summary>The principal of a Blazor circuit, for the scope of one UI request.</summary>
    public void UseCircuitUser(ClaimsPrincipal principal, string? remoteAddress)
    {
        circuitPrincipal = principal;
        circuitRemote = remoteAddress;
        circuitUser = default;
    }

    public async Task<CurrentUser?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (circuitPrincipal is not null)
        {
            if (!circuitUser.Loaded) circuitUser = (true, await LoadAsync(circuitPrincipal, cancellationToken));
            return circuitUser.User;
        }

        if (http.HttpContext is { } context)
        {
            if (context.Items.TryGetValue(ItemKey, out var cached)) return cached as CurrentUser;
            var user = await LoadAsync(context.User, cancellationToken);
            context.Items[ItemKey] = user;
            return user;
        }

        // A component that sends through the circuit's own scope: ask the circuit who is signed in (not cached: the
        // circuit's scope lives as long as the circuit).
        var provider = services.GetService<AuthenticationStateProvider>();
        if (provider is null) return null;
        var state = await provider.GetAuthenticationStateAsync();
        return await LoadAsync(state.User, cancellationToken);
    }

    public string? RemoteAddress => circuitRemote ?? http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private async Task<CurrentUser?> LoadAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var username = UsernameOf(principal);
        var account = username is null ? null : await accounts.FindAsync(username, cancellationToken);
        return account is { Active: true } ? account.ToCurrentUser() : null;
    }

    public static string? UsernameOf(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue("sub") ?? principal.Identity.Name : null;
}
