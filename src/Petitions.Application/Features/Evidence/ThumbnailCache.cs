using Microsoft.Extensions.Caching.Memory;

namespace Petitions.Application.Features.Evidence;

/// <summary>
/// Thumbnails already drawn, by content hash and edge, in memory only (never on disk, where they would sit unsealed):
/// a case file's list of photos costs one decryption and one decode per photo per process, not per view. Bounded by
/// Evidence:ThumbnailCacheBytes (default 32 MB); the least recently used leave first.
/// </summary>
public sealed class ThumbnailCache(EvidenceOptions options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.ThumbnailCacheBytes) });

    /// <summary>Thumbnails drawn by this process so far (each miss draws one).</summary>
    public long Drawn => Interlocked.Read(ref drawn);

    private long drawn;

    public async Task<byte[]?> GetOrDrawAsync(string sha256, int edge, Func<Task<byte[]?>> draw)
    {
        var key = (sha256, edge);
        if (cache.TryGetValue(key, out byte[]? png)) return png;
        png = await draw();
        Interlocked.Increment(ref drawn);
        if (png is not null) cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length });
        return png;
    }

    public void Dispose() => cache.Dispose();
}
