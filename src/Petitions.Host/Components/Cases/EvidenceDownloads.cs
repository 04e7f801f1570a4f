using MediatR;
using Petitions.Application.Features.Evidence;

namespace Petitions.Host.Components.Cases;

/// <summary>
/// GET /evidence/{caseNo}/{id} and …/thumbnail for the UI (cookie sign-in; the bearer API serves the same under
/// /api/petitions/{caseNo}/attachments): through the same query, so a case the user may not see is a 404 here too.
/// </summary>
public static class EvidenceDownloads
{
    public static IEndpointRouteBuilder MapEvidenceDownloads(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/evidence/{caseNo}/{id}").RequireAuthorization().ExcludeFromDescription();
        files.MapGet("", async (string caseNo, string id, HttpResponse response, IMediator m, CancellationToken ct) =>
        {
            var file = await m.Send(new GetEvidenceFile.Query(caseNo, id), ct);
            response.Headers.CacheControl = "private, max-age=3600";
            return TypedResults.File(file.Content, file.ContentType, file.Name);
        });
        files.MapGet("thumbnail", async (string caseNo, string id, HttpResponse response, IMediator m, CancellationToken ct) =>
        {
            var file = await m.Send(new GetEvidenceFile.Query(caseNo, id, Thumbnail: true), ct);
            response.Headers.CacheControl = "private, max-age=3600";
            return TypedResults.File(file.Content, file.ContentType);
        });
        return app;
    }
}
