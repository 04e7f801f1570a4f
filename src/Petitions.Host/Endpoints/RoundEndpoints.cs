using MediatR;
using Petitions.Application.Features.Rounds;

namespace Petitions.Host.Endpoints;

/// <summary>/api/rounds: inspection rounds (巡视轮次) and the batches of complaints handed over in each.</summary>
public static class RoundEndpoints
{
    public static IEndpointRouteBuilder MapRoundEndpoints(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").WithTags(ApiTags.Rounds);

        rounds.MapGet("", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListRounds.Query(), ct)))
            .WithName(nameof(ListRounds))
            .WithSummary("Every inspection round with its batches.");

        rounds.MapGet("{code}", async (string code, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetRound.Query(code), ct)))
            .WithName(nameof(GetRound)).Problems(404)
            .WithSummary("One inspection round with its batches.");

        rounds.MapPost("", async (CreateRound.Command body, IMediator m, CancellationToken ct) =>
            {
                var round = await m.Send(body, ct);
                return TypedResults.Created($"/api/rounds/{round.Code}", round);
            })
            .WithName(nameof(CreateRound)).Problems(400, 409)
            .WithSummary("Open an inspection round: code, name, dates and handling days.");

        rounds.MapPut("{code}", async (string code, UpdateRound.Command body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { Code = code }, ct)))
            .WithName(nameof(UpdateRound)).Problems(400, 404)
            .WithSummary("Change a round's name, dates or handling days.");

        rounds.MapPost("{code}/batches", async (string code, CreateBatch.Command body, IMediator m, CancellationToken ct) =>
            {
                var round = await m.Send(body with { RoundCode = code }, ct);
                return TypedResults.Created($"/api/rounds/{round.Code}", round);
            })
            .WithName(nameof(CreateBatch)).Problems(400, 404, 409)
            .WithSummary("Record a batch of complaints handed over by the inspection team; answers the round.");
        return app;
    }
}
