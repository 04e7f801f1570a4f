using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Imports.History;

namespace Petitions.Host.Endpoints;

/// <summary>
/// Migration import with history (历史台账导入): an administrator uploads a legacy ledger (.xlsx), previews what each row
/// becomes, then commits. The spreadsheet is read here (cells as text); the Application parses and decides.
/// </summary>
public static class HistoryImportEndpoints
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapHistoryImportEndpoints(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/imports/history").WithTags(ApiTags.Imports)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        imports.MapPost("", async Task<Ok<HistoryImportPreview>> (HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var (fileName, rows) = await ReadSheet(request, ct);
                return TypedResults.Ok(await m.Send(new PreviewHistoryImport.PreviewHistoryImportRequest { FileName = fileName, Rows = rows }, ct));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .Problems(StatusCodes.Status400BadRequest)
            .WithName("PreviewHistoryImport")
            .WithSummary("Upload a legacy ledger (.xlsx, multipart field `file`): every row parsed and replayed through the case rules at its own dates; nothing is imported yet.");

        imports.MapPost("{importId}/commit", async Task<Ok<HistoryImportCommitted>> (string importId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new CommitHistoryImport.CommitHistoryImportRequest(importId), ct)))
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithName("CommitHistoryImport")
            .WithSummary("Import the previewed ledger: each case with its history, marked as imported; 409 when the preview had an invalid row.");

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

    /// <summary>The uploaded sheet's rows by header, every cell as text (Excel dates as yyyy-MM-dd HH:mm); a bad upload is a 400 on "file".</summary>
    private static async Task<(string FileName, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows)> ReadSheet(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw Bad("Send the ledger as multipart/form-data with the field 'file'.");
        if (request.ContentLength > MaxFileBytes + 64 * 1024) throw Bad($"The file is larger than {MaxFileBytes / (1024 * 1024)} MB.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw Bad("The upload could not be read as multipart/form-data.");
        }

        if (form.Files.GetFile("file") is not { } file || file.Length == 0) throw Bad("Attach the ledger (.xlsx) in the field 'file'.");
        if (file.Length > MaxFileBytes) throw Bad($"The file is larger than {MaxFileBytes / (1024 * 1024)} MB.");

        var rows = new List<IReadOnlyDictionary<string, string?>>();
        try
        {
            await using var stream = new MemoryStream();
            await file.CopyToAsync(stream, ct);
            stream.Position = 0;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
            {
                var cells = row.Where(c => !string.IsNullOrWhiteSpace(c.Key)).ToDictionary(c => c.Key.Trim(), c => Cell(c.Value));
                if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(cells);
                if (rows.Count > HistoryLedger.MaxRows) throw Bad($"The ledger has more than {HistoryLedger.MaxRows} rows: split it.");
            }
        }
        catch (Exception e) when (e is not InvalidFieldException and not OperationCanceledException)
        {
            throw Bad("The file is not a readable .xlsx spreadsheet.");
        }

        return (Path.GetFileName(file.FileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, 200)] : "ledger.xlsx", rows);
    }

    private static string? Cell(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static InvalidFieldException Bad(string message) => new("file", ValidationCodes.Spreadsheet, message);
}
