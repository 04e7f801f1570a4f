using System.ComponentModel;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Evidence;

namespace Petitions.Host.Endpoints;

/// <summary>
/// /api/petitions/{caseNo}/attachments: upload (multipart), list, download, thumbnail. The multipart body is read here
/// and whatever it holds goes through the pipeline, so that authorization (403/404) comes before any field error.
/// </summary>
public static class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/petitions/{caseNo}/attachments").WithTags(ApiTags.Evidence);

        files.MapPost("", async Task<Results<Created<AttachmentView>, Ok<AttachmentView>>> (string caseNo, [AsParameters] CaseActionGuards guards,
                HttpRequest request, HttpResponse response, IMediator m, CancellationToken ct) =>
            {
                var upload = await EvidenceUpload.ReadAsync(request, ct);
                var result = await m.Send(new AttachEvidence.Command
                {
                    CaseNo = caseNo,
                    IdempotencyKey = guards.Key(),
                    ExpectedVersion = guards.Version(),
                    FileName = upload.FileName,
                    Content = upload.Content,
                    AttachTo = upload.AttachTo,
                }, ct);
                response.Headers.ETag = $"\"{result.Version}\"";
                return result.Created
                    ? TypedResults.Created($"/api/petitions/{caseNo}/attachments/{result.Attachment.Id}", result.Attachment)
                    : TypedResults.Ok(result.Attachment);
            })
            .WithName(nameof(AttachEvidence)).CaseAction().DisableAntiforgery()
            .Accepts<EvidenceUploadForm>("multipart/form-data")
            .WithSummary("Attach a file (附件) to the case or one of its steps: multipart field 'file', optional 'attachTo' (registration, site-visit:{no}, result, callback:{no}, review:{no} (a 复查 / 复核 request), look-back:{no}). " +
                         "201 with {id, name, size, sha256, contentType}; a retry with the same Idempotency-Key answers 200 with the first attachment. Typed by content; too large, empty, another type or a path in the name is a 400 naming 'file'.");

        files.MapGet("", async (string caseNo, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListEvidence.Query(caseNo), ct)))
            .WithName(nameof(ListEvidence)).Problems(404)
            .WithSummary("The case's files, oldest first, with the bytes they use and the limits.");

        files.MapGet("{id}", async (string caseNo, string id, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var file = await m.Send(new GetEvidenceFile.Query(caseNo, id), ct);
                return Revalidated(http, TypedResults.File(file.Content, file.ContentType, file.Name, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\"")));
            })
            .WithName(nameof(GetEvidenceFile)).Problems(404)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .WithSummary("Download a file, as an attachment under its name; 404 for a case the caller may not see.");

        files.MapGet("{id}/thumbnail", async (string caseNo, string id, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var file = await m.Send(new GetEvidenceFile.Query(caseNo, id, Thumbnail: true), ct);
                return Revalidated(http, TypedResults.File(file.Content, file.ContentType, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}.thumbnail\"")));
            })
            .WithName("GetEvidenceThumbnail").Problems(404)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("A small PNG of an image file (404 for other files).");
        return app;
    }

    /// <summary>
    /// A file's bytes never change under its tag (the content hash), so a browser keeps its copy and asks again each time
    /// (no-cache): the caller's right to the case is checked on every request, and an unchanged file answers 304.
    /// </summary>
    private static FileContentHttpResult Revalidated(HttpContext http, FileContentHttpResult file)
    {
        http.Response.Headers.CacheControl = "private, no-cache";
        return file;
    }
}

/// <summary>The multipart form of an upload (for the API description; the endpoint reads the form itself).</summary>
public sealed record EvidenceUploadForm(
    [property: Description("The file: JPEG, PNG, GIF, WebP, PDF, docx/xlsx/pptx or legacy doc/xls (by content).")] IFormFile File,
    [property: Description("registration, site-visit:{no}, result, result:{no}, callback:{no}, review:{no} (复查 / 复核), look-back:{no}; none for the case file in general.")] string? AttachTo);

/// <summary>What an upload request holds: nothing of it is trusted until the pipeline has checked it.</summary>
public sealed record EvidenceUpload(string? FileName, byte[]? Content, string? AttachTo)
{
    public static async Task<EvidenceUpload> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType) return new EvidenceUpload(null, null, null);
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
        {
            throw new InvalidFieldException("file", ValidationCodes.EvidenceType, "The body is not a readable multipart form.");
        }

        var file = form.Files.GetFile("file");
        byte[]? content = null;
        if (file is not null)
        {
            using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        return new EvidenceUpload(file?.FileName, content, form.TryGetValue("attachTo", out var attachTo) ? attachTo.ToString() : null);
    }
}
