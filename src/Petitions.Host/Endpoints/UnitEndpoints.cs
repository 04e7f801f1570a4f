using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Petitions.Application.Features.Units;

namespace Petitions.Host.Endpoints;

/// <summary>/api/units: the responsible units (责任单位), their queue of open cases and their supervision notices.</summary>
public static class UnitEndpoints
{
    public static IEndpointRouteBuilder MapUnitEndpoints(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags(ApiTags.Units);

        units.MapGet("", async ([Description("true to list inactive units too")] string? includeInactive, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListUnits.Query(EndpointExtensions.QueryBool(includeInactive, nameof(includeInactive)) ?? false), ct)))
            .WithName(nameof(ListUnits)).Problems(400)
            .WithSummary("The unit tree; inactive units only with includeInactive=true.");

        units.MapGet("{code}", async (string code, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetUnit.Query(code), ct)))
            .WithName(nameof(GetUnit)).Problems(404)
            .WithSummary("A unit: its profile, its supervision notices and, when the caller may see them, its live statistics.");

        units.MapGet("{code}/queue", async (string code, string? page, string? pageSize, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetUnitQueue.Query { UnitCode = code, Page = page, PageSize = pageSize }, ct)))
            .WithName(nameof(GetUnitQueue)).Problems(400, 404)
            .WithSummary("A unit's open cases (as lead or co-unit), overdue first, then by due date.");

        units.MapPost("", async (CreateUnit.Command body, IMediator m, CancellationToken ct) =>
            {
                var unit = await m.Send(body, ct);
                return TypedResults.Created($"/api/units/{unit.Code}", unit);
            })
            .WithName(nameof(CreateUnit)).Problems(400, 409)
            .WithSummary("Create a unit under a parent unit.");

        units.MapPut("{code}", async (string code, UpdateUnit.Command body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { UnitCode = code }, ct)))
            .WithName(nameof(UpdateUnit)).Problems(400, 404, 409)
            .WithSummary("Rename, move, reorder or deactivate a unit.");

        units.MapPost("{code}/supervision", async (string code, IssueUnitNotice.Command body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { UnitCode = code }, ct)))
            .WithName(nameof(IssueUnitNotice)).Problems(400, 404, 409)
            .WithSummary("Issue a supervision notice to a unit (督办通知).");

        units.MapPost("{code}/supervision/{no:int}/reply", async (string code, int no, ReplyUnitNotice.Command body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { UnitCode = code, NoticeNo = no }, ct)))
            .WithName(nameof(ReplyUnitNotice)).Problems(400, 404, 409)
            .WithSummary("The unit answers its supervision notice {no}.");
        return app;
    }
}
