using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Petitions.Application.Common.Security;

/// <summary>The secrets table: named values that, once stored, never change.</summary>
public interface ISecretTable
{
    /// <summary>Stores the value unless the name has one already; returns the stored value (the first writer's).</summary>
    Task<string> AddOrGetAsync(string name, string value, CancellationToken cancellationToken = default);
}

/// <summary>
/// Secrets generated at first start and shared by every silo through the database (the token signing key, the
/// phone hash key). The first silo to insert wins; the others read its value.
/// </summary>
public sealed class SecretStore(ISecretTable table)
{
    private readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetOrCreateAsync(string name, int bytes = 32, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(name, out var cached)) return cached;

        var stored = await table.AddOrGetAsync(name, Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)), cancellationToken);
        return cache.GetOrAdd(name, Convert.FromBase64String(stored));
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
