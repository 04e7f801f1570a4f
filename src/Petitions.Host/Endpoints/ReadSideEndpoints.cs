using MediatR;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.ProblemList;
using Petitions.Application.Features.Stats;
using Petitions.Application.Features.Units;

namespace Petitions.Host.Endpoints;

/// <summary>
/// The read side: the petition list, statistics, a unit's queue and the problem list, all from the read model.
/// Query parameters bind as text and are checked by each request's validator (400 naming the parameter).
/// </summary>
public static class ReadSideEndpoints
{
    public static IEndpointRouteBuilder MapReadSideEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/petitions", ([AsParameters] ListPetitions.Query query, IMediator m, CancellationToken ct) => m.Send(query, ct))
            .WithTags("Petitions")
            .WithSummary("Cases in the caller's scope: filtered, sorted, paged ({items, total, page, pageSize}); never complainant data.");

        var stats = app.MapGroup("/api/stats").WithTags("Statistics");
        stats.MapGet("completion", ([AsParameters] GetCompletionStats.Query query, IMediator m, CancellationToken ct) => m.Send(query, ct))
            .WithSummary("Completion, on-time, satisfaction, repeat and substantiated rates with their counts, grouped by unit, round, batch or category.");
        stats.MapGet("trend", ([AsParameters] GetTrend.Query query, IMediator m, CancellationToken ct) => m.Send(query, ct))
            .WithSummary("Cases received and closed per China calendar week.");

        app.MapGet("/api/units/{code}/queue", (string code, string? page, string? pageSize, IMediator m, CancellationToken ct) =>
                m.Send(new GetUnitQueue.Query { UnitCode = code, Page = page, PageSize = pageSize }, ct))
            .WithTags("Units")
            .WithSummary("A unit's open cases (as lead or co-unit), overdue first, then by due date.");

        app.MapGet("/api/problem-list", ([AsParameters] GetProblemList.Query query, IMediator m, CancellationToken ct) => m.Send(query, ct))
            .WithTags("Problem list")
            .WithSummary("Reopened, stage-closed, repeated, dissatisfied and overdue cases with target, deadline and responsible person.");
        return app;
    }
}
