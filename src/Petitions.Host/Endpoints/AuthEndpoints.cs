using MediatR;
using Petitions.Application.Features.Auth;

namespace Petitions.Host.Endpoints;

/// <summary>POST /api/auth/token: the one anonymous way to a bearer token.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (SignIn.Command body, IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(body, ct)))
            .AllowAnonymous()
            .RequireRateLimiting(ApiEndpoints.AnonymousRateLimit)
            .WithTags(ApiTags.Auth)
            .WithName(nameof(SignIn)).Problems(400, 401, 429)
            .WithSummary("Sign in: username and password for a bearer token (401 for a wrong password or a locked account, without saying which).");
        return app;
    }
}
