using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Petitions.Infrastructure.Keys;

/// <summary>
/// Authenticated encryption (AES-256-GCM) of complainant identities under the identity key ring of the key directory:
/// one file per key (<c>identity/&lt;created&gt;-&lt;id&gt;.key</c>, 32 random bytes); the newest key seals, every key
/// in the ring opens the seals made with it. A seal is <c>base64url(1 | key id | nonce | tag | ciphertext)</c>, bound
/// to its purpose (associated data), so it names its key and nothing about keys is stored beside it.
/// <para>Another silo's rotation is seen at the latest after <see cref="RefreshInterval"/> (the ring is re-read),
/// and at once when a seal names a key this silo has not read yet.</para>
/// </summary>
public sealed class IdentitySealer(KeyDirectory keys, TimeProvider time)
{
    /// <summary>Bound into every seal: a seal made for another purpose never opens here. Stored data: never change.</summary>
    public const string Purpose = "Petitions.Complainant.Identity.v1";

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private const byte Format = 1;
    private const int KeyIdSize = 16, NonceSize = 12, TagSize = 16, Header = 1 + KeyIdSize + NonceSize + TagSize;
    private static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes(Purpose);

    private readonly Lock gate = new();
    private Ring? ring;

    public sealed record RingKey(Guid Id, DateTimeOffset CreatedAt, byte[] Material);

    private sealed record Ring(IReadOnlyDictionary<Guid, RingKey> Keys, RingKey Current, DateTimeOffset LoadedAt);

    public string Seal(string plaintext)
    {
        var key = CurrentRing().Current;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[Header + plain.Length];
        output[0] = Format;
        key.Id.TryWriteBytes(output.AsSpan(1, KeyIdSize));
        var nonce = output.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(Header), output.AsSpan(1 + KeyIdSize + NonceSize, TagSize), AssociatedData);
        return WebEncoders.Base64UrlEncode(output);
    }

    /// <summary>Opens a seal; throws <see cref="CryptographicException"/> when the ring lacks its key or it was altered.</summary>
    public string Unseal(string sealedText)
    {
        byte[] input;
        try
        {
            input = WebEncoders.Base64UrlDecode(sealedText);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("Not a sealed identity.", e);
        }

        if (input.Length < Header || input[0] != Format) throw new CryptographicException("Not a sealed identity.");
        var keyId = new Guid(input.AsSpan(1, KeyIdSize));
        var key = Find(keyId) ?? throw new CryptographicException($"The identity key {keyId} is not in the key directory {keys.Path}.");
        var plain = new byte[input.Length - Header];
        using var aes = new AesGcm(key.Material, TagSize);
        aes.Decrypt(input.AsSpan(1 + KeyIdSize, NonceSize), input.AsSpan(Header), input.AsSpan(1 + KeyIdSize + NonceSize, TagSize), plain, AssociatedData);
        return Encoding.UTF8.GetString(plain);
    }

    public bool TryUnseal(string sealedText, out string plaintext)
    {
        try
        {
            plaintext = Unseal(sealedText);
            return true;
        }
        catch (CryptographicException)
        {
            plaintext = "";
            return false;
        }
    }

    /// <summary>The key new seals use (created if the ring is empty), and the ring's size.</summary>
    public (RingKey Current, int KeysInRing) Current()
    {
        var current = CurrentRing();
        return (current.Current, current.Keys.Count);
    }

    /// <summary>Adds a new key to the ring; this silo seals with it from now on.</summary>
    public RingKey Rotate()
    {
        lock (gate)
        {
            var created = NewKey();
            ring = Load();
            return ring.Keys[created];
        }
    }

    /// <summary>The key id a seal names (not secret): which key a stored identity is sealed under.</summary>
    public static Guid KeyIdOf(string sealedText) => new(WebEncoders.Base64UrlDecode(sealedText).AsSpan(1, KeyIdSize));

    /// <summary>The key of the ring with this id (the ring is re-read once when this silo has not seen it yet), or null.</summary>
    public RingKey? Find(Guid keyId)
    {
        if (CurrentRing().Keys.TryGetValue(keyId, out var key)) return key;
        lock (gate)
        {
            ring = Load();
            return ring.Keys.GetValueOrDefault(keyId);
        }
    }

    private Ring CurrentRing()
    {
        var now = time.GetUtcNow();
        if (ring is { } loaded && now - loaded.LoadedAt < RefreshInterval) return loaded;
        lock (gate)
        {
            if (ring is { } again && now - again.LoadedAt < RefreshInterval) return again;
            ring = Load();
            return ring;
        }
    }

    private Ring Load()
    {
        keys.Ensure();
        var found = ReadKeys();
        if (found.Count == 0)
        {
            NewKey();
            found = ReadKeys();
        }

        var current = found.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Last();
        return new Ring(found, current, time.GetUtcNow());
    }

    private Dictionary<Guid, RingKey> ReadKeys()
    {
        var found = new Dictionary<Guid, RingKey>();
        foreach (var file in Directory.EnumerateFiles(keys.IdentityRing, "*.key"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0
                || !DateTimeOffset.TryParseExact(name[..dash], "yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
                || !Guid.TryParseExact(name[(dash + 1)..], "N", out var id))
            {
                continue;
            }

            var material = Convert.FromBase64String(File.ReadAllText(file).Trim());
            if (material.Length == 32) found[id] = new RingKey(id, created, material);
        }

        return found;
    }

    private Guid NewKey()
    {
        var id = Guid.NewGuid();
        var name = $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfffffff'Z'}-{id:N}.key";
        KeyDirectory.WriteOwnerOnly(Path.Combine(keys.IdentityRing, name), Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        return id;
    }
}
