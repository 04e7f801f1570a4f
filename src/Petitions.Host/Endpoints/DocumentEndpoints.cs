using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Notices;
using Petitions.Application.Features.Petitions;
using Petitions.Host.Documents;

namespace Petitions.Host.Endpoints;

/// <summary>
/// The written documents of a case (GET /api/petitions/{caseNo}/documents/{kind}: .docx, or the print view for
/// Accept: text/html or ?format=html) and their deliveries (POST /api/petitions/{caseNo}/deliveries, a case action).
/// The UI's cookie-signed downloads of the same documents are <see cref="MapDocumentDownloads"/>.
/// </summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions/{caseNo}");
        petitions.MapGet("documents/{kind}", async Task<Results<FileContentHttpResult, ContentHttpResult>> (
                string caseNo, string kind, string? format, HttpRequest request, IMediator m, CancellationToken ct) =>
                Answer(await m.Send(new GetCaseDocument.Query(caseNo, kind), ct), WantsHtml(request, format)))
            .WithName(nameof(GetCaseDocument)).WithTags(ApiTags.Petitions)
            .Produces(StatusCodes.Status200OK, contentType: DocxDocumentWriter.ContentType, additionalContentTypes: ["text/html"])
            .Problems(400, 404, 409)
            .WithSummary("A written document of the case as .docx (kind: receipt, acceptance-notice, refusal-notice, extension-notice, handling-opinion, review-opinion); " +
                         "Accept: text/html or ?format=html gives the print view. 409 while the case has no such document (no handling opinion before a result).");

        // A literal segment outranks {kind}: the 交办单 is the lead unit's sheet, not a notice to the complainant.
        petitions.MapGet("documents/" + HandoverSheet.Slug, async Task<Results<FileContentHttpResult, ContentHttpResult>> (
                string caseNo, string? format, HttpRequest request, IMediator m, CancellationToken ct) =>
                Answer(await m.Send(new GetHandoverSheet.Query(caseNo), ct), WantsHtml(request, format)))
            .WithName(nameof(GetHandoverSheet)).WithTags(ApiTags.Petitions)
            .Produces(StatusCodes.Status200OK, contentType: DocxDocumentWriter.ContentType, additionalContentTypes: ["text/html"])
            .Problems(400, 404, 409)
            .WithSummary("The case's handover sheet (交办单) for its lead unit as .docx, one page; Accept: text/html or ?format=html gives the print view. " +
                         "The complainant is always masked. 409 while the case has not been handed to a unit.");

        petitions.MapPost("deliveries", async Task<Ok<PetitionView>> (string caseNo, RecordDelivery.Command body, [Microsoft.AspNetCore.Http.AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send((RecordDelivery.Command)body.Addressed(caseNo, guards.Key(), guards.Version()), ct)))
            .WithName(nameof(RecordDelivery)).WithTags(ApiTags.PetitionActions).CaseAction()
            .WithSummary("Record that a document reached the complainant (送达): {document, method: InPerson|Post|Sms|Online|Phone, deliveredAt, recipient?}. " +
                         "Starts the 30-day 复查 window for the handling opinion; ends the acceptance-notice clock for either decision notice.");
        return app;
    }

    /// <summary>The UI's links (cookie sign-in): /documents/{caseNo}/{kind} is the print view, /documents/{caseNo}/{kind}/docx the download.</summary>
    public static IEndpointRouteBuilder MapDocumentDownloads(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents/{caseNo}/{kind}").RequireAuthorization().ExcludeFromDescription();
        var handover = app.MapGroup("/documents/{caseNo}/" + HandoverSheet.Slug).RequireAuthorization().ExcludeFromDescription();
        handover.MapGet("", async (string caseNo, IMediator m, CancellationToken ct) => Answer(await m.Send(new GetHandoverSheet.Query(caseNo), ct), html: true));
        handover.MapGet("docx", async (string caseNo, IMediator m, CancellationToken ct) => Answer(await m.Send(new GetHandoverSheet.Query(caseNo), ct), html: false));
        documents.MapGet("", async (string caseNo, string kind, IMediator m, CancellationToken ct) =>
            Answer(await m.Send(new GetCaseDocument.Query(caseNo, kind), ct), html: true));
        documents.MapGet("docx", async (string caseNo, string kind, IMediator m, CancellationToken ct) =>
            Answer(await m.Send(new GetCaseDocument.Query(caseNo, kind), ct), html: false));
        return app;
    }

    private static Results<FileContentHttpResult, ContentHttpResult> Answer(CaseDocumentContent document, bool html) => html
        ? TypedResults.Content(DocumentPrintView.Render(document), DocumentPrintView.ContentType)
        : TypedResults.File(DocxDocumentWriter.Write(document), DocxDocumentWriter.ContentType, document.FileName);

    /// <summary>?format (docx or html) decides; else the print view when the client accepts HTML and does not ask for .docx first.</summary>
    private static bool WantsHtml(HttpRequest request, string? format)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return format.Trim().ToLowerInvariant() switch
            {
                "html" => true,
                "docx" => false,
                _ => throw new InvalidFieldException("format", ValidationCodes.OneOf, "'format' must be docx or html."),
            };
        }

        var accepted = request.GetTypedHeaders().Accept;
        var html = accepted.Where(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var docx = accepted.Where(a => a.MediaType.Equals(DocxDocumentWriter.ContentType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return html > 0 && html >= docx && !(docx > 0 && docx >= html);
    }
}
