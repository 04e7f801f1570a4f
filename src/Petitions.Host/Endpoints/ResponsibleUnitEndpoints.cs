using MediatR;
using Petitions.Application.Features.Units;

namespace Petitions.Host.Endpoints;

public static class ResponsibleUnitEndpoints
{
    public static IEndpointRouteBuilder MapResponsibleUnitEndpoints(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units");
        units.MapGet("", (bool? includeInactive, IMediator m, CancellationToken ct) => m.Send(new ListUnits.Query(includeInactive ?? false), ct));
        units.MapGet("{code}", (string code, IMediator m, CancellationToken ct) => m.Send(new GetUnit.Query(code), ct));
        units.MapPost("", async (CreateUnit.Command body, IMediator m, CancellationToken ct) =>
        {
            var unit = await m.Send(body, ct);
            return Results.Created($"/api/units/{unit.Code}", unit);
        });
        units.MapPut("{code}", (string code, UpdateUnit.Command body, IMediator m, CancellationToken ct) => m.Send(body with { UnitCode = code }, ct));
        units.MapPost("{code}/supervision", (string code, IssueUnitNotice.Command body, IMediator m, CancellationToken ct) =>
            m.Send(body with { UnitCode = code }, ct));
        units.MapPost("{code}/supervision/{no:int}/reply", (string code, int no, ReplyUnitNotice.Command body, IMediator m, CancellationToken ct) =>
            m.Send(body with { UnitCode = code, NoticeNo = no }, ct));
        return app;
    }
}
