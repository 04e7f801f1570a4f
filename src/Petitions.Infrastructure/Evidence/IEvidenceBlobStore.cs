using Petitions.Application.Features.Evidence;

namespace Petitions.Infrastructure.Evidence;

/// <summary>
/// Where stored evidence blobs live (files or the database), as <see cref="SealedEvidenceStore"/> sees them: the
/// bytes it hands over are already sealed. Beyond the port, a re-encryption lists every blob and replaces one in place.
/// </summary>
public interface IEvidenceBlobStore : IEvidenceStore
{
    /// <summary>The content hash of every stored blob.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes new stored bytes for a blob that exists (atomically: a reader sees the old or the new bytes).</summary>
    Task ReplaceAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}
