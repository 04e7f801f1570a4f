using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Imports.History;

namespace Petitions.Host.Endpoints;

/// <summary>
/// Migration import with history (历史台账导入): an administrator uploads a legacy ledger (.xlsx), previews what each row
/// becomes, then commits. The spreadsheet is read here (cells as text); the Application parses and decides.
/// </summary>
public static class HistoryImportEndpoints
{
    public static IEndpointRouteBuilder MapHistoryImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports/history").WithTags(ApiTags.Imports)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        imports.MapPost("", async Task<Ok<HistoryImportPreview>> (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                // The same upload and the same safe reading as a handover list.
                var (content, fileName) = await HandoverEndpoints.ReadUpload(request, ct);
                return TypedResults.Ok(await m.Send(new PreviewHistoryImport.PreviewHistoryImportRequest { FileName = fileName, Content = content }, ct));
            })
            .WithMultipartFile("The legacy ledger (.xlsx, at most 10 MB and 5000 rows).")
            .WithMetadata(new RequestSizeLimitAttribute(HandoverEndpoints.MaxUpload), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = HandoverEndpoints.MaxUpload })
            .Problems(StatusCodes.Status400BadRequest)
            .WithName("PreviewHistoryImport")
            .WithSummary("Upload a legacy ledger (.xlsx, multipart field `file`): every row parsed and replayed through the case rules at its own dates; nothing is imported yet. Commit the importId with POST /api/imports/{importId}/commit.");

        imports.MapGet("template.xlsx", async Task<FileStreamHttpResult> (UnitDirectory units, CancellationToken ct) => await Template(units, ct))
            .Produces(StatusCodes.Status200OK, contentType: RectificationEndpoints.XlsxContentType)
            .WithName("GetHistoryImportTemplate")
            .WithSummary("The legacy ledger template: the columns by their Chinese headers, with one example row.");
        return app;
    }

    /// <summary>GET /export/imports/history-template.xlsx: the template for the signed-in UI (cookie).</summary>
    public static IEndpointRouteBuilder MapHistoryImportTemplate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/imports/history-template.xlsx", (UnitDirectory units, CancellationToken ct) => Template(units, ct))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<FileStreamHttpResult> Template(UnitDirectory units, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        var region = tree.All.Where(u => u.Active && u.ParentCode is not null).OrderBy(u => u.Code).FirstOrDefault()?.Name ?? "";
        var example = HistoryLedger.ExampleRow(region);
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < HistoryLedger.Columns.Count; i++) row[HistoryLedger.Columns[i]] = example[i];
        var stream = new MemoryStream();
        await stream.SaveAsAsync(new[] { row }, sheetName: "历史台账", cancellationToken: ct);
        stream.Position = 0;
        return TypedResults.File(stream, RectificationEndpoints.XlsxContentType, "history-ledger-template.xlsx");
    }
}
