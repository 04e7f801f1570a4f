using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Evidence;

/// <summary>
/// GET /api/petitions/{caseNo}/attachments/{id} (and …/thumbnail): the bytes of one file, for those who may see the
/// case (404 otherwise, as for the case itself). A thumbnail exists for images only.
/// </summary>
public static class GetEvidenceFile
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query(string CaseNo, string Id, bool Thumbnail = false) : IRequest<EvidenceFile>, ICaseRequest;

    public sealed class Handler(CaseReader cases, IEvidenceStore store, IThumbnailRenderer thumbnails, ThumbnailCache drawn, EvidenceOptions options)
        : IRequestHandler<Query, EvidenceFile>
    {
        public async Task<EvidenceFile> Handle(Query request, CancellationToken cancellationToken)
        {
            var petitionCase = await cases.GetAsync(request.CaseNo) ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            var attachment = petitionCase.Attachments.FirstOrDefault(a => a.Id == request.Id)
                             ?? throw new NotFoundException($"Case {request.CaseNo} has no file {request.Id}.");
            if (!request.Thumbnail) return new EvidenceFile(attachment.Name, attachment.ContentType, attachment.Sha256, await Content());

            var png = AttachmentView.IsImage(attachment.ContentType)
                ? await drawn.GetOrDrawAsync(attachment.Sha256, options.ThumbnailEdge, async () => thumbnails.RenderPng(await Content(), options.ThumbnailEdge))
                : null;
            return png is null
                ? throw new NotFoundException($"File {request.Id} has no thumbnail (only images have one).")
                : new EvidenceFile(Path.GetFileNameWithoutExtension(attachment.Name) + ".thumbnail.png", "image/png", attachment.Sha256, png);

            async Task<byte[]> Content() => await store.GetAsync(attachment.Sha256, cancellationToken)
                ?? throw new InvalidOperationException($"The bytes of file {attachment.Id} of case {request.CaseNo} are missing from the evidence store.");
        }
    }
}

/// <summary>A file to send: the name to offer, its type, the content hash (its ETag) and the bytes.</summary>
public sealed record EvidenceFile(string Name, string ContentType, string Sha256, byte[] Content);
