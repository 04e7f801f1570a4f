using MediatR;
using Petitions.Application.Features.ProblemList;
using Petitions.Application.Features.Stats;

namespace Petitions.Host.Endpoints;

/// <summary>
/// The read side: statistics and the problem list, from the read model. Query parameters bind as text and are
/// checked by each request's validator (400 naming the parameter).
/// </summary>
public static class ReadSideEndpoints
{
    public static IEndpointRouteBuilder MapReadSideEndpoints(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/stats").WithTags(ApiTags.Statistics);
        stats.MapGet("completion", async ([AsParameters] GetCompletionStats.Query query, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(query, ct)))
            .WithName(nameof(GetCompletionStats)).Problems(400)
            .WithSummary("Completion, on-time, satisfaction, repeat and substantiated rates with their counts, grouped by unit, round, batch or category.");
        stats.MapGet("trend", async ([AsParameters] GetTrend.Query query, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(query, ct)))
            .WithName(nameof(GetTrend)).Problems(400)
            .WithSummary("Cases received and closed per China calendar week.");
        stats.MapGet("reviews", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new Petitions.Application.Features.Reviews.GetReviewStats.Query(), ct)))
            .WithName(nameof(Petitions.Application.Features.Reviews.GetReviewStats)).Problems(400)
            .WithSummary("复查 / 复核 per reviewing unit and level: requests, open, upheld / changed / set-aside counts and their rates over the answered, for the reviewing units in scope.");

        app.MapGet("/api/problem-list", async ([AsParameters] GetProblemList.Query query, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(query, ct)))
            .WithTags(ApiTags.ProblemList)
            .WithName(nameof(GetProblemList)).Problems(400)
            .WithSummary("Reopened, stage-closed, repeated, dissatisfied and overdue cases with target, deadline and responsible person.");
        return app;
    }
}
