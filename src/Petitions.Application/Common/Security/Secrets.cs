using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Common.Security;

/// <summary>
/// Secrets generated at first start and shared by every silo through the database (the token signing key, the
/// phone hash key). The first silo to insert wins; the others read its value.
/// </summary>
public sealed class SecretStore(IDatabase database)
{
    private readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetOrCreateAsync(string name, int bytes = 32, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(name, out var cached)) return cached;

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            new { name, value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)) }, cancellationToken: cancellationToken));
        var stored = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM secrets WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return cache.GetOrAdd(name, Convert.FromBase64String(stored!));
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
