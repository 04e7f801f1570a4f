using MediatR;
using Petitions.Application.Features.Auth;

namespace Petitions.Host.Endpoints;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", (SignIn.Command body, IMediator mediator, CancellationToken ct) => mediator.Send(body, ct))
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Sign in: username and password for a bearer token.");
        return app;
    }
}
