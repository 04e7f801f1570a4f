using System.Diagnostics;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Petitions.Contracts.ReadModel;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Security.Keys;

/// <summary>
/// Complainant identities are sealed at rest and the secrets live in the key directory: every byte of the database
/// (the SQLite file with its WAL, or a pg_dump) is searched for the distinctive names, phones and addresses of the
/// cases registered, revealed and repeat-checked here, in every encoding a store could hold them in, and none is
/// found; a field stored in clear (the description) is found by the same search, so the search can fail. The API still
/// shows the identities to those who may see them, a key rotation and a re-encryption keep them readable, and a host
/// given the database without its key directory refuses to start.
/// </summary>
public abstract class IdentitiesAtRestTests
{
    protected abstract Profile Profile { get; }

    /// <summary>Every byte the database holds, as an operator (or a thief) copying it would get them.</summary>
    protected abstract Task<byte[]> DatabaseBytesAsync(PetitionsHost host);

    protected abstract string KeyDirectoryOf(PetitionsHost host);

    /// <summary>How text inside a stored case state appears in <see cref="DatabaseBytesAsync"/>.</summary>
    protected abstract byte[] StoredForm(string text);

    /// <summary>A second host on the same database with an empty key directory of its own.</summary>
    protected abstract PetitionsHost HostWithoutKeys(PetitionsHost host);

    private sealed record Identity(string Name, string Phone, string Address);

    [Fact]
    public async Task Identities_and_secrets_are_nowhere_in_the_database_and_stay_readable_through_rotation()
    {
        var marker = "明文对照" + RandomHan(6);
        // Rotation is refused (409) while the key in force is younger than the cooldown: this host's key is seconds old.
        await using var host = new PetitionsHost(Profile, extra: new Dictionary<string, string?> { ["Keys:RotationCooldownSeconds"] = "0" });
        var intake = await host.ClientFor("intake");
        var admin = await host.ClientFor("admin");

        var identities = Enumerable.Range(0, 3).Select(_ => NewIdentity()).ToList();
        var cases = new List<string>();
        foreach (var identity in identities)
        {
            cases.Add(await Register(host, intake, identity, marker));
        }

        // Repeat check by phone (a query: it must leave nothing behind) and a reveal (the reveal log).
        await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "654000", target = "某化工厂", phone = identities[0].Phone });
        Assert.Contains((await intake.GetJson($"/api/petitions?phone={identities[0].Phone}&pageSize=200"))["items"]!.AsArray(), i => i!["caseNo"]!.GetValue<string>() == cases[0]);
        await AssertRevealed(intake, cases[0], identities[0]);

        AssertNothingInClear(await DatabaseBytesAsync(host), identities, marker, "after registration and reveal");
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM secrets"));
        AssertSecretsNotIn(await DatabaseBytesAsync(host), KeyDirectoryOf(host));
        AssertOwnerOnly(KeyDirectoryOf(host));

        // Rotation: a new key for new seals; the stored seals of the old key still open (a recount reads every state from storage).
        var oldKey = Assert.Single((await SealingKeys(host)).Distinct());
        var rotated = await admin.PostJson("/api/admin/keys/rotate", new { });
        var newKey = rotated["keyId"]!.GetValue<Guid>();
        Assert.NotEqual(oldKey, newKey);
        var late = NewIdentity();
        identities.Add(late);
        cases.Add(await Register(host, intake, late, marker));
        var afterRotation = await SealingKeys(host);
        Assert.Equal(6, afterRotation.Count(k => k == oldKey)); // three cases: the case and its registration on the timeline
        Assert.Equal(2, afterRotation.Count(k => k == newKey));
        await AssertRecountFindsNothing(admin);

        // Re-encryption: the cases sealed under the old key rewritten under the new one, all still readable, the read
        // model still exact; a second run finds nothing to do.
        var reencrypted = await admin.PostJson("/api/admin/keys/reencrypt", new { });
        Assert.Equal(cases.Count - 1, reencrypted["cases"]!.GetValue<int>());
        Assert.Equal(newKey, reencrypted["keyId"]!.GetValue<Guid>());
        Assert.All(await SealingKeys(host), key => Assert.Equal(newKey, key));
        await AssertRecountFindsNothing(admin);
        Assert.Equal(0, (await admin.PostJson("/api/admin/keys/reencrypt", new { }))["cases"]!.GetValue<int>());
        foreach (var (caseNo, identity) in cases.Zip(identities)) await AssertRevealed(intake, caseNo, identity);
        AssertNothingInClear(await DatabaseBytesAsync(host), identities, marker, "after rotation and re-encryption");

        // The database alone (no key directory): no host starts on it, so nothing can be read and no token signed.
        await using var stranger = HostWithoutKeys(host);
        var refused = Assert.ThrowsAny<Exception>(() => stranger.CreateClient());
        Assert.Contains("Keys:Directory", Flatten(refused));
    }

    private static async Task<string> Register(PetitionsHost host, HttpClient intake, Identity identity, string marker)
    {
        var complaint = Complaints.Valid(host.Clock.GetUtcNow())
            .With("complainant", new { name = identity.Name, phone = identity.Phone, address = identity.Address, anonymous = false })
            .With("description", $"夜间排放刺鼻气味。{marker}");
        return (await intake.PostJson("/api/petitions", complaint, 201))["caseNo"]!.GetValue<string>();
    }

    private static async Task AssertRecountFindsNothing(HttpClient admin)
    {
        var recount = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.Equal(0, recount["inserted"]!.GetValue<long>() + recount["updated"]!.GetValue<long>() + recount["removed"]!.GetValue<long>());
    }

    private static async Task AssertRevealed(HttpClient intake, string caseNo, Identity identity)
    {
        var revealed = (await intake.PostJson($"/api/petitions/{caseNo}/complainant/reveal", new { reason = "核实举报人信息以便回访" }))["complainant"]!;
        Assert.Equal(identity.Name, revealed["name"]!.GetValue<string>());
        Assert.Equal(identity.Phone, revealed["phone"]!.GetValue<string>());
        Assert.Equal(identity.Address, revealed["address"]!.GetValue<string>());
    }

    /// <summary>The key id of every sealed identity in stored case states (a seal: format byte, then the key id).</summary>
    private static async Task<List<Guid>> SealingKeys(PetitionsHost host)
    {
        await using var connection = await host.Services.GetRequiredService<IDatabase>().OpenAsync();
        var payloads = await connection.QueryAsync<byte[]>("SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = 'case' AND PayloadBinary IS NOT NULL");
        var keys = new List<Guid>();
        foreach (var payload in payloads)
        {
            var sealedValues = Encoding.UTF8.GetString(payload).Split("\"Sealed\":\"").Skip(1).Select(s => s[..s.IndexOf('"')]).ToList();
            Assert.NotEmpty(sealedValues);
            keys.AddRange(sealedValues.Select(s => new Guid(WebEncoders.Base64UrlDecode(s).AsSpan(1, 16))));
        }

        return keys;
    }

    private void AssertNothingInClear(byte[] bytes, IReadOnlyList<Identity> identities, string marker, string when)
    {
        // The control: a field kept in clear in the case state is found, in the form this store keeps the state in.
        Assert.True(bytes.AsSpan().IndexOf(StoredForm(marker)) >= 0, $"{when}: the search does not even find the description");
        foreach (var identity in identities)
        {
            foreach (var secret in new[] { identity.Name, identity.Phone, identity.Address })
            {
                foreach (var form in Forms(secret))
                {
                    Assert.True(bytes.AsSpan().IndexOf(form) < 0, $"{when}: '{secret}' is in the database ({form.Length} bytes)");
                }
            }
        }
    }

    /// <summary>UTF-8, UTF-16 (both byte orders), JSON escapes, and the hexadecimal text of UTF-8 (a bytea in a dump).</summary>
    private static IEnumerable<byte[]> Forms(string text)
    {
        yield return Encoding.UTF8.GetBytes(text);
        yield return Encoding.Unicode.GetBytes(text);
        yield return Encoding.BigEndianUnicode.GetBytes(text);
        var escaped = string.Concat(text.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c:x4}"));
        yield return Encoding.ASCII.GetBytes(escaped);
        yield return Encoding.ASCII.GetBytes(escaped.ToUpperInvariant().Replace("\\U", "\\u", StringComparison.Ordinal));
        yield return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)));
    }

    private static void AssertSecretsNotIn(byte[] bytes, string keyDirectory)
    {
        var secrets = Directory.GetFiles(Path.Combine(keyDirectory, "secrets"), "*.key");
        Assert.Contains(secrets, f => Path.GetFileName(f) == "token-signing-key.key");
        foreach (var file in secrets)
        {
            var base64 = File.ReadAllText(file).Trim();
            Assert.True(bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(base64)) < 0, $"{Path.GetFileName(file)} is in the database");
            Assert.True(bytes.AsSpan().IndexOf(Convert.FromBase64String(base64)) < 0, $"{Path.GetFileName(file)} is in the database (raw)");
        }
    }

    private static void AssertOwnerOnly(string keyDirectory)
    {
        if (OperatingSystem.IsWindows()) return;
        var directories = new[] { keyDirectory }.Concat(Directory.GetDirectories(keyDirectory, "*", SearchOption.AllDirectories)).ToList();
        Assert.Equal(4, directories.Count);
        foreach (var directory in directories) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        var files = Directory.GetFiles(keyDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.StartsWith(Path.Combine(keyDirectory, "identity"), StringComparison.Ordinal));
        foreach (var file in files) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    private static Identity NewIdentity() =>
        new("欧阳" + RandomHan(3), "139" + Random.Shared.NextInt64(10_000_000, 99_999_999), "伊宁市" + RandomHan(4) + "小区" + Random.Shared.Next(10, 99) + "栋");

    /// <summary>Common Chinese characters at random: a string that occurs nowhere else.</summary>
    private static string RandomHan(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)));

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten)) : exception.ToString();

    protected static async Task<byte[]> ReadSharedAsync(string path)
    {
        if (!File.Exists(path)) return [];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

public sealed class IdentitiesAtRestOnSqlite : IdentitiesAtRestTests
{
    protected override Profile Profile => Profile.Sqlite;

    protected override async Task<byte[]> DatabaseBytesAsync(PetitionsHost host)
    {
        var parts = new List<byte>();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) parts.AddRange(await ReadSharedAsync(host.DatabaseLocation + suffix));
        return [.. parts];
    }

    protected override byte[] StoredForm(string text) => Encoding.UTF8.GetBytes(text);

    protected override string KeyDirectoryOf(PetitionsHost host) => Path.Combine(Path.GetDirectoryName(host.DatabaseLocation)!, "keys");

    protected override PetitionsHost HostWithoutKeys(PetitionsHost host) =>
        new(Profile.Sqlite, host.DatabaseLocation, new Dictionary<string, string?> { ["Keys:Directory"] = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys") });
}

public sealed class IdentitiesAtRestOnPostgres : IdentitiesAtRestTests
{
    protected override Profile Profile => Profile.Postgres;

    /// <summary>pg_dump in plain format (uncompressed SQL text, bytea as hexadecimal).</summary>
    protected override Task<byte[]> DatabaseBytesAsync(PetitionsHost host) => PostgresServer.PlainDumpAsync(host.DatabaseLocation);

    /// <summary>The grain state is a bytea: a plain dump writes it as hexadecimal.</summary>
    protected override byte[] StoredForm(string text) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text)));

    protected override string KeyDirectoryOf(PetitionsHost host) => PostgresServer.KeyDirectoryFor(host.DatabaseLocation);

    protected override PetitionsHost HostWithoutKeys(PetitionsHost host) =>
        new(Profile.Postgres, host.DatabaseLocation, new Dictionary<string, string?> { ["Keys:Directory"] = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys") });
}
