using MediatR;
using Petitions.Application.Features.Users;

namespace Petitions.Host.Endpoints;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users");
        users.MapGet("", (IMediator m, CancellationToken ct) => m.Send(new ListUsers.Query(), ct));
        users.MapGet("{username}", (string username, IMediator m, CancellationToken ct) => m.Send(new GetUser.Query(username), ct));
        users.MapPost("", async (CreateUser.Command body, IMediator m, CancellationToken ct) =>
        {
            var user = await m.Send(body, ct);
            return Results.Created($"/api/users/{user.Username}", user);
        });
        users.MapPut("{username}", (string username, UpdateUser.Command body, IMediator m, CancellationToken ct) =>
            m.Send(body with { Username = username }, ct));
        users.MapPost("{username}/password", async (string username, ResetPassword.Command body, IMediator m, CancellationToken ct) =>
        {
            await m.Send(body with { Username = username }, ct);
            return Results.NoContent();
        });

        app.MapPost("/api/admin/stats/rebuild", (IMediator m, CancellationToken ct) => m.Send(new Petitions.Application.Features.Admin.RebuildReadModel.Command(), ct))
            .WithTags("Administration").WithSummary("Recount the read model from the case states; reports every difference it corrected.");
        app.MapGet("/api/admin/security-log", (string? username, int? limit, IMediator m, CancellationToken ct) =>
            m.Send(new ListSecurityLog.Query(username, limit ?? 200), ct)).WithTags("Users");
        return app;
    }
}
