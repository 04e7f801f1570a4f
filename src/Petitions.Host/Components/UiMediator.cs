using MediatR;
using Microsoft.AspNetCore.Components.Authorization;
using Petitions.Application.Common.Security;
using Petitions.Host.Security;

namespace Petitions.Host.Components;

/// <summary>
/// How pages send MediatR requests: each in a fresh scope, as an HTTP request would be (fresh validators, unit tree,
/// current user), on behalf of the circuit's signed-in user. The pipeline (validation, authorization) runs as for the API.
/// </summary>
public sealed class UiMediator(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, IHttpContextAccessor http)
{
    private readonly string? remote = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<T> Send<T>(IRequest<T> request, CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CompositeCurrentUserAccessor>().UseCircuitUser(state.User, remote);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    /// <summary>The signed-in user as the pipeline sees them (null when signed out or deactivated).</summary>
    public async Task<CurrentUser?> CurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopes.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<CompositeCurrentUserAccessor>();
        accessor.UseCircuitUser(state.User, remote);
        return await accessor.GetAsync(cancellationToken);
    }
}
