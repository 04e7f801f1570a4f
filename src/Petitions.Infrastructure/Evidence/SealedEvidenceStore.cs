using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Petitions.Application.Features.Evidence;
using Petitions.Infrastructure.Keys;

namespace Petitions.Infrastructure.Evidence;

/// <summary>
/// Evidence files encrypted at rest (AES-256-GCM) under the identity key ring of the key directory, with a purpose of
/// their own: each ring key yields an evidence key by HKDF-SHA256 (info <see cref="Purpose"/>), so a file key never
/// equals an identity key. A stored blob is <c>"PEV" 1 | key id | nonce | tag | ciphertext</c>, bound (associated
/// data) to its purpose and to the SHA-256 of its plaintext: a blob moved under another hash does not open. Blobs are
/// still stored once per plaintext hash (the name the inner store keys them by), so dedup is unchanged. New blobs use
/// the key in force; every key of the ring opens the blobs sealed with it. A blob written before encryption existed
/// (no header) is served when its bytes hash to its name, and <see cref="ResealAsync"/> rewrites it.
/// </summary>
public sealed class SealedEvidenceStore(IEvidenceBlobStore inner, IdentitySealer ring) : IEvidenceStore, IEvidenceResealer
{
    /// <summary>Bound into every evidence key and blob. Stored data: never change.</summary>
    public const string Purpose = "Petitions.Evidence.File.v1";

    private static readonly byte[] Magic = "PEV\u0001"u8.ToArray();
    private const int KeyIdSize = 16, NonceSize = 12, TagSize = 16;
    private static readonly int Header = Magic.Length + KeyIdSize + NonceSize + TagSize;

    private readonly ConcurrentDictionary<Guid, byte[]> fileKeys = new();

    public Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.PutAsync(sha256, Seal(sha256, content.Span), cancellationToken);

    public async Task<byte[]?> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var stored = await inner.GetAsync(sha256, cancellationToken);
        return stored is null ? null : Open(sha256, stored);
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => inner.ExistsAsync(sha256, cancellationToken);

    public async Task<int> ResealAsync(CancellationToken cancellationToken = default)
    {
        var keyId = ring.Current().Current.Id;
        var rewritten = 0;
        foreach (var sha256 in await inner.ListAsync(cancellationToken))
        {
            var stored = await inner.GetAsync(sha256, cancellationToken);
            if (stored is null || KeyIdOf(stored) == keyId) continue;
            await inner.ReplaceAsync(sha256, Seal(sha256, Open(sha256, stored)), cancellationToken);
            rewritten++;
        }

        return rewritten;
    }

    /// <summary>The key a stored blob is sealed under, or null for a blob stored in clear.</summary>
    public static Guid? KeyIdOf(byte[] stored) =>
        stored.Length >= Header && stored.AsSpan(0, Magic.Length).SequenceEqual(Magic) ? new Guid(stored.AsSpan(Magic.Length, KeyIdSize)) : null;

    private byte[] Seal(string sha256, ReadOnlySpan<byte> plain)
    {
        var key = ring.Current().Current;
        var output = new byte[Header + plain.Length];
        Magic.CopyTo(output, 0);
        key.Id.TryWriteBytes(output.AsSpan(Magic.Length, KeyIdSize));
        var nonce = output.AsSpan(Magic.Length + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(FileKey(key), TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(Header), output.AsSpan(Magic.Length + KeyIdSize + NonceSize, TagSize), AssociatedData(sha256));
        return output;
    }

    private byte[] Open(string sha256, byte[] stored)
    {
        if (KeyIdOf(stored) is not { } keyId)
        {
            // Stored before encryption at rest: served only when the bytes are what their name says.
            return Convert.ToHexStringLower(SHA256.HashData(stored)) == sha256
                ? stored
                : throw new CryptographicException($"The evidence blob {sha256} is neither sealed nor the file of its hash.");
        }

        var key = ring.Find(keyId);
        if (key is null)
        {
            // A file stored in clear that happens to begin like a seal (it names no key of ours).
            return Convert.ToHexStringLower(SHA256.HashData(stored)) == sha256
                ? stored
                : throw new CryptographicException($"The key {keyId} of evidence blob {sha256} is not in the key ring.");
        }

        var plain = new byte[stored.Length - Header];
        using var aes = new AesGcm(FileKey(key), TagSize);
        try
        {
            aes.Decrypt(stored.AsSpan(Magic.Length + KeyIdSize, NonceSize), stored.AsSpan(Header),
                stored.AsSpan(Magic.Length + KeyIdSize + NonceSize, TagSize), plain, AssociatedData(sha256));
        }
        catch (AuthenticationTagMismatchException) when (Convert.ToHexStringLower(SHA256.HashData(stored)) == sha256)
        {
            return stored;
        }

        return plain;
    }

    private byte[] FileKey(IdentitySealer.RingKey key) =>
        fileKeys.GetOrAdd(key.Id, _ => HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, 32, salt: [], info: Encoding.UTF8.GetBytes(Purpose)));

    private static byte[] AssociatedData(string sha256) => Encoding.UTF8.GetBytes($"{Purpose}:{sha256}");
}
