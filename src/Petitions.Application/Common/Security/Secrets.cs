using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Petitions.Application.Common.Security;

/// <summary>
/// Named secrets kept outside the database, in the key directory (Keys:Directory): created at first use and shared
/// by every silo given the same directory. A copy of the database alone holds none of them.
/// </summary>
public interface ISecretKeys
{
    /// <summary>The named secret; a random one of <paramref name="bytes"/> bytes is created if there is none (the first writer's wins).</summary>
    Task<byte[]> GetOrCreateAsync(string name, int bytes, CancellationToken cancellationToken = default);
}

/// <summary>
/// The secrets of the system (the token signing key, the phone hash key, the query code key), each a separate key,
/// read once from the key directory and then kept in memory.
/// </summary>
public sealed class SecretStore(ISecretKeys keys)
{
    private readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetOrCreateAsync(string name, int bytes = 32, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(name, out var cached)) return cached;

        var stored = await keys.GetOrCreateAsync(name, bytes, cancellationToken);
        return cache.GetOrAdd(name, stored);
    }
}

/// <summary>
/// A keyed hash of a complainant's phone: repeat detection compares phones without reading them, and the hash
/// cannot be reversed by trying every mobile number without the key.
/// </summary>
public sealed class PhoneHasher(SecretStore secrets)
{
    public const string SecretName = "phone-hash-key";

    public async Task<string?> HashAsync(string? normalisedPhone, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(normalisedPhone)) return null;
        var key = await secrets.GetOrCreateAsync(SecretName, 32, cancellationToken);
        var hash = HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(normalisedPhone));
        return Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
