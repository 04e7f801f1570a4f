using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Petitions.Application.Common.Security;
using Petitions.Host.Batch;
using Petitions.Host.Components.Reading;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Endpoints;

/// <summary>
/// /api/petitions/batch/{action}: one action on up to 200 cases, each case through the same request as one by one
/// (its own authorization, rules, timeline entry and answer). 200 with a result per case; 400 for a malformed body or
/// list, 403 when the caller's roles may not do the action at all.
/// </summary>
public static class BatchEndpoints
{
    private const string KeyDescription = "Any string of at most 200 characters: each case's own key is derived from it and the case number, so a retried batch replays the cases it applied and changes nothing twice.";

    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var batch = app.MapGroup("/api/petitions/batch").WithTags(ApiTags.Batch);

        batch.MapPost("assign", async (BatchAssignRequest body, [FromHeader(Name = EndpointExtensions.IdempotencyKeyHeader), Description(KeyDescription)] string? idempotencyKey,
                HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await BatchActions.AssignAsync(body, EndpointExtensions.IdempotencyKey(idempotencyKey), await ContextAsync(http, m, ct), ct)))
            .WithName("BatchAssignPetitions").Problems(400, 403)
            .WithSummary("Assign each listed case (caseNos, at most 200) to the lead unit and co-units (交办): a result per case, refused ones with their ProblemDetails.");

        batch.MapPost("accept", async (BatchAcceptRequest body, [FromHeader(Name = EndpointExtensions.IdempotencyKeyHeader), Description(KeyDescription)] string? idempotencyKey,
                HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await BatchActions.AcceptAsync(body, EndpointExtensions.IdempotencyKey(idempotencyKey), await ContextAsync(http, m, ct), ct)))
            .WithName("BatchAcceptPetitions").Problems(400, 403)
            .WithSummary("Accept each listed case as its lead unit's handler (受理): a result per case, refused ones with their ProblemDetails.");

        batch.MapPost("supervise", async (BatchSuperviseRequest body, [FromHeader(Name = EndpointExtensions.IdempotencyKeyHeader), Description(KeyDescription)] string? idempotencyKey,
                HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await BatchActions.SuperviseAsync(body, EndpointExtensions.IdempotencyKey(idempotencyKey), await ContextAsync(http, m, ct), ct)))
            .WithName("BatchSupervisePetitions").Problems(400, 403)
            .WithSummary("Issue the same supervision notice (督办通知) on each listed case: a result per case, refused ones with their ProblemDetails.");

        batch.MapPost("export", async (BatchExportRequest body, HttpContext http, IMediator m, IStringLocalizer<Text> l, CancellationToken ct) =>
            {
                var (response, rows) = await BatchActions.ExportAsync(body, await ContextAsync(http, m, ct), ct);
                var file = new BatchExportFile(ExportEndpoints.FileName() + ".xlsx", ExportEndpoints.XlsxType, Convert.ToBase64String(await ExportEndpoints.XlsxAsync(rows, m, l, ct)));
                return TypedResults.Ok(new BatchExportResponse(response.Results, file));
            })
            .WithName("BatchExportPetitions").Problems(400, 403)
            .WithSummary("The listed cases as an .xlsx (base64 in file.contentBase64) with the case list's columns and no complainant data; a case outside the caller's scope is a 404 result and is left out.");

        return app;
    }

    private static async Task<BatchContext> ContextAsync(HttpContext http, IMediator m, CancellationToken ct) => new(
        await http.RequestServices.GetRequiredService<ICurrentUserAccessor>().GetAsync(ct),
        http.RequestServices,
        (request, token) => m.Send(request, token),
        (query, token) => m.Send(query, token),
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Petitions.Host.Batch"));
}
