using Petitions.Domain.Evidence;

namespace Petitions.Application.Features.Evidence;

/// <summary>One file of a case as the API lists it: never the bytes, never anything of the complainant.</summary>
public sealed record AttachmentView(string Id, string Name, long Size, string Sha256, string ContentType, string AttachTo,
    DateTimeOffset AttachedAt, string AttachedBy, bool HasThumbnail)
{
    public static AttachmentView From(Attachment a) =>
        new(a.Id, a.Name, a.Size, a.Sha256, a.ContentType, a.AttachTo, a.AttachedAt, a.AttachedBy, IsImage(a.ContentType));

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);
}
