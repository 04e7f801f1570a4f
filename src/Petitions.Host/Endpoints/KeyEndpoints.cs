using MediatR;
using Petitions.Application.Features.Admin;

namespace Petitions.Host.Endpoints;

/// <summary>/api/admin/keys: the key ring that seals complainant identities in storage (administrators).</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/admin/keys").WithTags(ApiTags.Administration);

        keys.MapPost("rotate", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new RotateIdentityKey.Command(), ct)))
            .WithName(nameof(RotateIdentityKey)).Problems(409)
            .WithSummary("Create a new identity key, used for every identity sealed from now on; identities sealed under older keys stay readable.");

        keys.MapPost("reencrypt", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ReencryptIdentities.Command(), ct)))
            .WithName(nameof(ReencryptIdentities))
            .WithSummary("Rewrite every stored case so its complainant identity is sealed under the identity key in force; reports how many cases.");
        return app;
    }
}
