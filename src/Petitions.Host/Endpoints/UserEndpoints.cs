using System.ComponentModel;
using MediatR;
using Petitions.Application.Features.Admin;
using Petitions.Application.Features.Users;

namespace Petitions.Host.Endpoints;

/// <summary>/api/users and /api/admin: accounts, the security log and the read-model recount (administrators).</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags(ApiTags.Users);

        users.MapGet("", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListUsers.Query(), ct)))
            .WithName(nameof(ListUsers))
            .WithSummary("Every account with its roles and units.");

        users.MapGet("{username}", async (string username, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetUser.Query(username), ct)))
            .WithName(nameof(GetUser)).Problems(404)
            .WithSummary("One account.");

        users.MapPost("", async (CreateUser.Command body, IMediator m, CancellationToken ct) =>
            {
                var user = await m.Send(body, ct);
                return TypedResults.Created($"/api/users/{user.Username}", user);
            })
            .WithName(nameof(CreateUser)).Problems(400, 409)
            .WithSummary("Create an account with roles and the units it may act for.");

        users.MapPut("{username}", async (string username, UpdateUser.Command body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { Username = username }, ct)))
            .WithName(nameof(UpdateUser)).Problems(400, 404, 409)
            .WithSummary("Change an account's name, roles, units or active flag (administrators cannot demote themselves).");

        users.MapPost("{username}/password", async (string username, ResetPassword.Command body, IMediator m, CancellationToken ct) =>
            {
                await m.Send(body with { Username = username }, ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(ResetPassword)).Problems(400, 404)
            .WithSummary("Set a new password for an account.");

        var admin = app.MapGroup("/api/admin").WithTags(ApiTags.Administration);

        admin.MapPost("stats/rebuild", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new RebuildReadModel.Command(), ct)))
            .WithName(nameof(RebuildReadModel))
            .WithSummary("Recount the read model from the case states; reports every difference it corrected.");

        admin.MapGet("security-log", async (string? username, [Description("at most this many entries (a whole number; 200 when absent)")] string? limit,
                IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListSecurityLog.Query(username, EndpointExtensions.QueryInt(limit, nameof(limit)) ?? 200), ct)))
            .WithName(nameof(ListSecurityLog)).Problems(400)
            .WithSummary("The security log (sign-ins, failures, lockouts…), newest first, optionally of one user; at most limit entries (default 200).");
        return app;
    }
}
