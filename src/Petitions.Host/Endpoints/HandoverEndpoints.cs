using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;
using MiniExcelLibs;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Disclosure;
using Petitions.Application.Features.Imports;
using Petitions.Host.Components.Resources;

namespace Petitions.Host.Endpoints;

/// <summary>
/// Handover lists (交办清单) in and the public disclosure of batches out: the import preview and commit, its progress,
/// the template; a batch's publication deadline, publishing, and the public table (JSON, page and .xlsx).
/// </summary>
public static class HandoverEndpoints
{
    /// <summary>The upload route accepts the largest list plus the multipart envelope; beyond it the answer is a 400 naming "file".</summary>
    internal static readonly long MaxUpload = PreviewHandoverImport.Limits.MaxBytes + 64 * 1024;

    public static IEndpointRouteBuilder MapHandoverEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rounds/{code}/batches/{no:int}/imports", async Task<Ok<HandoverImportPreview>> (string code, int no, HttpRequest request, IMediator m, CancellationToken ct) =>
            {
                var (content, fileName) = await ReadUpload(request, ct);
                return TypedResults.Ok(await m.Send(new PreviewHandoverImport.PreviewHandoverImportRequest
                {
                    RoundCode = code, BatchNo = no, FileName = fileName, Content = content,
                }, ct));
            })
            .WithMultipartFile("The handover list (.xlsx, at most 10 MB).")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUpload), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUpload })
            .WithTags(ApiTags.HandoverLists).WithName("PreviewHandoverImport").Problems(400, 404)
            .WithSummary("Upload a handover list (.xlsx, multipart field 'file') for a batch: each row's outcome (New, Existing, Invalid) with its errors per column and possible repeats. Registers nothing; commit the importId.");

        app.MapPost("/api/imports/{importId}/commit", async Task<Ok<ImportCommitted>> (string importId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new CommitImport.CommitImportRequest(importId), ct)))
            .WithTags(ApiTags.Imports).WithName("CommitImport").Problems(400, 404, 409)
            .WithSummary("Commit a previewed import of either kind: a handover list (intake, supervisor) registers every row, a legacy ledger (administrator) imports every case with its history. All or none: 409 when the preview had an invalid row; a row registered before counts as existing.");

        app.MapGet("/api/imports/{importId}", async (string importId, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetHandoverImport.GetHandoverImportQuery(importId), ct)))
            .WithTags(ApiTags.HandoverLists).WithName("GetHandoverImport").Problems(404)
            .WithSummary("An import's status and progress (rows registered so far while a commit runs).");

        app.MapGet("/api/imports/template.xlsx", Template)
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: RectificationEndpoints.XlsxContentType)
            .WithTags(ApiTags.HandoverLists).WithName("GetHandoverTemplate")
            .WithSummary("The handover list template: the columns in the order inspection lists head them, and one example row.");

        app.MapGet("/api/rounds/{code}/batches/{no:int}/publication", async (string code, int no, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetBatchPublication.GetBatchPublicationQuery(code, no), ct)))
            .WithTags(ApiTags.Disclosure).WithName("GetBatchPublication").Problems(404)
            .WithSummary("A batch's publication deadline, published date and whether publication was (or is) late.");

        app.MapPut("/api/rounds/{code}/batches/{no:int}/publication", async (string code, int no, SetPublicationDeadline.SetPublicationDeadlineRequest body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(body with { RoundCode = code, BatchNo = no }, ct)))
            .WithTags(ApiTags.Disclosure).WithName("SetPublicationDeadline").Problems(400, 404)
            .WithSummary("Set (or clear) the date by which a batch's results are to be published.");

        app.MapPost("/api/rounds/{code}/batches/{no:int}/publish", async (string code, int no, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PublishBatch.PublishBatchRequest(code, no), ct)))
            .WithTags(ApiTags.Disclosure).WithName("PublishBatch").Problems(404)
            .WithSummary("Publish the batch's table as it stands now (publishing again refreshes it); from then on it is public.");
        return app;
    }

    /// <summary>The public side: the published table of a batch as JSON (/api/public), and as .xlsx for the page.</summary>
    public static IEndpointRouteBuilder MapDisclosureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/public/disclosure/{round}/{batch:int}", async (string round, int batch, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetPublicDisclosure.GetPublicDisclosureQuery(round, batch), ct)))
            .AllowAnonymous().RequireRateLimiting(ApiEndpoints.AnonymousRateLimit)
            .WithTags(ApiTags.Disclosure).WithName("GetPublicDisclosure").Problems(404, 429)
            .WithSummary("The published table of a handover batch (case number, region, target, categories, verdict, measures, penalties, status); 404 until published. No personal data.");

        app.MapGet("/public/disclosure/{round}/{batch:int}.xlsx", async (string round, int batch, string? lang, IMediator m, IStringLocalizer<Text> l, CancellationToken ct) =>
                await DisclosureXlsx(round, batch, string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase), m, l, ct))
            .AllowAnonymous().RequireRateLimiting(ApiEndpoints.AnonymousRateLimit).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Describes a spreadsheet upload's body (multipart, field "file") in the OpenAPI document. Described, not enforced:
    /// an Accepts declaration would make routing answer 415 before the role check (403).
    /// </summary>
    internal static RouteHandlerBuilder WithMultipartFile(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { PreviewHandoverImport.FileField },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [PreviewHandoverImport.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = description },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>The multipart field "file" of a spreadsheet upload (null when absent); a body past the limit is a 400 naming "file". Shared by every spreadsheet import.</summary>
    internal static async Task<(Stream? Content, string? FileName)> ReadUpload(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxUpload)
            throw new InvalidFieldException(PreviewHandoverImport.FileField, ValidationCodes.SpreadsheetTooLarge, $"The file is larger than {PreviewHandoverImport.Limits.MaxBytes / (1024 * 1024)} MB.");
        if (!request.HasFormContentType) return (null, null);
        try
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile(PreviewHandoverImport.FileField);
            return file is null ? (null, null) : (file.OpenReadStream(), Path.GetFileName(file.FileName));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw new InvalidFieldException(PreviewHandoverImport.FileField, ValidationCodes.SpreadsheetTooLarge,
                $"The upload could not be read (at most {PreviewHandoverImport.Limits.MaxBytes / (1024 * 1024)} MB, multipart field 'file').");
        }
    }

    private static FileStreamHttpResult Template()
    {
        var example = new Dictionary<string, object?>
        {
            [HandoverList.Seq] = 1,
            [HandoverList.Number] = "D-001",
            [HandoverList.ReceivedAt] = "2026-11-20 10:00",
            [HandoverList.Complainant] = null,
            [HandoverList.Phone] = null,
            [HandoverList.Region] = "伊犁哈萨克自治州",
            [HandoverList.Target] = "某某化工有限公司",
            [HandoverList.Address] = "某工业园区",
            [HandoverList.Categories] = "大气、噪声",
            [HandoverList.Description] = "夜间排放刺鼻气味",
        };
        var stream = new MemoryStream();
        stream.SaveAs(new[] { example }, sheetName: "交办清单");
        stream.Position = 0;
        return TypedResults.File(stream, RectificationEndpoints.XlsxContentType, "handover-list-template.xlsx");
    }

    private static async Task<FileStreamHttpResult> DisclosureXlsx(string round, int batch, bool english, IMediator m, IStringLocalizer<Text> l, CancellationToken ct)
    {
        // The public page's language choice (?lang=en) holds for its download too, signed in or not.
        if (english) System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        var table = await m.Send(new GetPublicDisclosure.GetPublicDisclosureQuery(round, batch), ct);
        Dictionary<string, object?> Row(DisclosureRow? r) => new()
        {
            [l["Field_CaseNo"]] = r?.CaseNo,
            [l["Field_Region"]] = r?.Region,
            [l["Field_Target"]] = r?.Target,
            [l["Field_Categories"]] = r is null ? null : string.Join("、", r.Categories.Select(c => l["Category_" + c].Value)),
            [l["Disclosure_Verdict"]] = r?.Verdict is { } v ? l["Verdict_" + v].Value : null,
            [l["Disclosure_Measures"]] = r?.Measures,
            [l["Disclosure_Penalties"]] = r?.Penalties,
            [l["Disclosure_Status"]] = r is null ? null : l["DisclosureStage_" + r.Stage].Value,
        };
        var rows = table.Rows.Select(r => Row(r)).ToList();
        if (rows.Count == 0) rows.Add(Row(null));
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, sheetName: $"{table.Round}-{table.Batch}", cancellationToken: ct);
        stream.Position = 0;
        return TypedResults.File(stream, RectificationEndpoints.XlsxContentType, $"disclosure-{table.Round}-{table.Batch}.xlsx");
    }
}
