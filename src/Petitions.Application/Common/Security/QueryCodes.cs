using System.Security.Cryptography;
using System.Text;

namespace Petitions.Application.Common.Security;

/// <summary>
/// The complainant's query code (查询码): random, from an alphabet without look-alikes (no 0/O, 1/I/L), made by a
/// CSPRNG. The case keeps only a keyed hash of it (bound to the case number); a presented code is compared in
/// constant time. The code itself is never stored or logged: it is shown once, on the receipt.
/// </summary>
public sealed class QueryCodes(SecretStore secrets)
{
    public const string SecretName = "query-code-key";

    /// <summary>31 characters: digits 2–9 and letters without I, L and O.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>10 characters of a 31-letter alphabet: about 49 bits, and guessing is throttled.</summary>
    public const int Length = 10;

    /// <summary>The longest input worth hashing (a code typed with spaces or dashes between groups).</summary>
    public const int MaxInputLength = 40;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// A code derived from the secret key and a client's retry key (<paramref name="material"/>): the same retried
    /// request gets the same code, so its first answer can be given again without storing the code. Unpredictable
    /// without the key, like <see cref="Generate"/>; uniform over the alphabet (bytes beyond the last whole multiple of
    /// its size are skipped).
    /// </summary>
    public async Task<string> DeriveAsync(string material, CancellationToken cancellationToken = default)
    {
        var key = await secrets.GetOrCreateAsync(SecretName, 32, cancellationToken);
        var limit = 256 / Alphabet.Length * Alphabet.Length;
        var code = new StringBuilder(Length);
        for (var round = 0; code.Length < Length; round++)
        {
            foreach (var b in HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"derive\n{round}\n{material}")))
            {
                if (b >= limit) continue;
                code.Append(Alphabet[b % Alphabet.Length]);
                if (code.Length == Length) break;
            }
        }

        return code.ToString();
    }

    /// <summary>The code as it is compared: upper case, without the spaces and dashes a reader may type between groups.</summary>
    public static string Normalize(string code)
    {
        var builder = new StringBuilder(code.Length);
        foreach (var c in code.Normalize(NormalizationForm.FormKC))
        {
            if (c is ' ' or '-' or '\t') continue;
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    public async Task<string> HashAsync(string caseNo, string code, CancellationToken cancellationToken = default)
    {
        var key = await secrets.GetOrCreateAsync(SecretName, 32, cancellationToken);
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{caseNo}\n{Normalize(code)}"));
        return Convert.ToBase64String(hash);
    }

    /// <summary>True when <paramref name="code"/> is the code whose hash the case keeps (constant-time comparison).</summary>
    public async Task<bool> MatchesAsync(string caseNo, string code, string? storedHash, CancellationToken cancellationToken = default)
    {
        var presented = Convert.FromBase64String(await HashAsync(caseNo, code, cancellationToken));
        var stored = storedHash is null ? new byte[presented.Length] : Convert.FromBase64String(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored) && storedHash is not null;
    }
}
