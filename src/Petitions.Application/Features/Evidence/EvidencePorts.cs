namespace Petitions.Application.Features.Evidence;

/// <summary>
/// The bytes of evidence files, once per content hash (lower-case hex SHA-256): on disk under the data folder for the
/// embedded profile, in the database for a cluster (every silo serves every file). The one place bytes go in and out,
/// so that encryption at rest can wrap it.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>Stores the bytes under their hash; false when they were stored already (nothing is written then).</summary>
    Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The bytes stored under the hash, or null.</summary>
    Task<byte[]?> GetAsync(string sha256, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default);
}

/// <summary>
/// After a key rotation: rewrites every stored evidence blob that is not sealed under the key in force (or was stored
/// before encryption at rest) under that key; returns how many were rewritten. Safe to repeat.
/// </summary>
public interface IEvidenceResealer
{
    Task<int> ResealAsync(CancellationToken cancellationToken = default);
}

/// <summary>Renders a small PNG of an image file, or null when the bytes cannot be decoded as an image.</summary>
public interface IThumbnailRenderer
{
    byte[]? RenderPng(byte[] image, int maxEdge);
}

/// <summary>Configuration section "Evidence": the limits of uploads.</summary>
public sealed class EvidenceOptions
{
    /// <summary>Evidence:MaxFileBytes, one file (default 20 MB).</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Evidence:MaxCaseBytes, all files of one case together (default 200 MB).</summary>
    public long MaxCaseBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Evidence:ThumbnailEdge, the longer edge of a thumbnail in pixels (default 320).</summary>
    public int ThumbnailEdge { get; set; } = 320;

    /// <summary>Evidence:ThumbnailCacheBytes, the memory for thumbnails already drawn (default 32 MB; see <see cref="ThumbnailCache"/>).</summary>
    public long ThumbnailCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Evidence:Path, the folder of the embedded profile's files (default: "evidence" beside the database file).</summary>
    public string? Path { get; set; }
}
