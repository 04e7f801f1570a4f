using MediatR;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Endpoints;

public static class PetitionEndpoints
{
    public static IEndpointRouteBuilder MapPetitionEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions").WithTags("Petitions");

        petitions.MapPost("", async (RegisterPetition.Command body, HttpRequest http, IMediator m, CancellationToken ct) =>
        {
            var result = await m.Send(body with { IdempotencyKey = http.IdempotencyKey() }, ct);
            return result.Created
                ? Results.Created($"/api/petitions/{result.CaseNo}", result)
                : Results.Ok(result);
        }).WithSummary("Register a complaint (idempotent with Idempotency-Key, or externalRef within a round).");

        petitions.MapGet("{caseNo}", async (string caseNo, HttpResponse response, IMediator m, CancellationToken ct) =>
        {
            var view = await m.Send(new GetPetition.Query(caseNo), ct);
            response.Headers.ETag = $"\"{view.Version}\"";
            return Results.Ok(view);
        }).WithSummary("A case with its timeline; the complainant masked.");

        return app;
    }
}
