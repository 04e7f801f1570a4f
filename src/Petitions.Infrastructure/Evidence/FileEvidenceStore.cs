using Petitions.Application.Features.Evidence;

namespace Petitions.Infrastructure.Evidence;

/// <summary>
/// The embedded profile's evidence: one file per content hash under the data folder (evidence/ab/abcdef…). A file is
/// written under a temporary name, flushed to the disk, then renamed into place, so a reader never sees half a file and
/// a crash leaves at most a temporary file (removed at the next start).
/// </summary>
public sealed class FileEvidenceStore : IEvidenceBlobStore
{
    private readonly string root;
    private readonly string temporary;

    public FileEvidenceStore(string root)
    {
        this.root = Path.GetFullPath(root);
        temporary = Path.Combine(this.root, "tmp");
        Directory.CreateDirectory(temporary);
        foreach (var leftover in Directory.EnumerateFiles(temporary)) File.Delete(leftover);
    }

    public async Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sha256);
        if (File.Exists(path)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(temporary, $"{sha256}.{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another upload of the same bytes got there first: the content is the same.
                return false;
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public async Task<byte[]?> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateDirectories(root)
            .Where(d => Path.GetFileName(d) != "tmp")
            .SelectMany(Directory.EnumerateFiles)
            .Select(Path.GetFileName)
            .Where(IsHash)
            .Select(f => f!)
            .Order(StringComparer.Ordinal)
            .ToList());

    public async Task ReplaceAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sha256);
        var temp = Path.Combine(temporary, $"{sha256}.{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static bool IsHash(string? name) => name is { Length: 64 } && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Only a lower-case hex SHA-256 names a file: nothing else can reach the file system.</summary>
    private string PathOf(string sha256)
    {
        if (!IsHash(sha256))
            throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));
        return Path.Combine(root, sha256[..2], sha256);
    }
}
