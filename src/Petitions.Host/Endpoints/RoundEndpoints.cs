using MediatR;
using Petitions.Application.Features.Rounds;

namespace Petitions.Host.Endpoints;

public static class RoundEndpoints
{
    public static IEndpointRouteBuilder MapRoundEndpoints(this IEndpointRouteBuilder app)
    {
        var rounds = app.MapGroup("/api/rounds").WithTags("Inspection rounds");
        rounds.MapGet("", (IMediator m, CancellationToken ct) => m.Send(new ListRounds.Query(), ct));
        rounds.MapGet("{code}", (string code, IMediator m, CancellationToken ct) => m.Send(new GetRound.Query(code), ct));
        rounds.MapPost("", async (CreateRound.Command body, IMediator m, CancellationToken ct) =>
        {
            var round = await m.Send(body, ct);
            return Results.Created($"/api/rounds/{round.Code}", round);
        });
        rounds.MapPut("{code}", (string code, UpdateRound.Command body, IMediator m, CancellationToken ct) => m.Send(body with { Code = code }, ct));
        rounds.MapPost("{code}/batches", async (string code, CreateBatch.Command body, IMediator m, CancellationToken ct) =>
        {
            var round = await m.Send(body with { RoundCode = code }, ct);
            return Results.Created($"/api/rounds/{round.Code}", round);
        });
        return app;
    }
}
