using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure.Evidence;
using Petitions.Infrastructure.Keys;
using SkiaSharp;
using static Petitions.Host.Tests.Features.Evidence.EvidenceSamples;

namespace Petitions.Host.Tests.Security.Keys;

/// <summary>
/// Evidence files are encrypted at rest under the key ring: a file with a distinctive byte string is uploaded, then
/// every file under the data folder (evidence/ included) or a pg_dump is searched for that string: nothing. A blob
/// stored in clear (as before encryption existed) is found by the same search, so the search can fail; it still
/// downloads, and a re-encryption seals it. Downloads return the original bytes, thumbnails work, the same bytes are
/// stored once, and after a rotation new files use the new key while old ones still open.
/// </summary>
public abstract class EvidenceAtRestTests
{
    protected abstract Profile Profile { get; }

    /// <summary>Every byte the store holds, as an operator (or a thief) copying it would get them.</summary>
    protected abstract Task<byte[]> StoredBytesAsync(PetitionsHost host);

    /// <summary>How stored bytes appear in <see cref="StoredBytesAsync"/>.</summary>
    protected abstract byte[] StoredForm(byte[] bytes);

    [Fact]
    public async Task Evidence_bytes_are_nowhere_in_clear_download_unchanged_and_follow_rotation()
    {
        await using var host = new PetitionsHost(Profile, extra: new Dictionary<string, string?> { ["Keys:RotationCooldownSeconds"] = "0" });
        var driver = new CaseDriver(host);
        var caseNo = await driver.InProgress(new CaseSpec { Region = "654000" }, "654000");
        await driver.Visit(caseNo);
        var handler = await host.ClientFor("handler.654000");
        var admin = await host.ClientFor("admin");
        var blobs = host.Services.GetRequiredService<IEvidenceBlobStore>();

        var marker = Encoding.UTF8.GetBytes($"监测报告原文-{Guid.NewGuid():N}-EVIDENCE-MARKER");
        var report = (byte[])[.. Pdf(), .. marker, .. "\n%%EOF\n"u8];
        var photo = Png(1200, 900);
        var reportId = await Upload(handler, caseNo, report, "监测报告.pdf");
        var photoId = await Upload(handler, caseNo, photo, "现场.png");
        // The same bytes again: one blob.
        await Upload(handler, caseNo, report, "监测报告（副本）.pdf");
        Assert.Equal(2, (await blobs.ListAsync()).Count);

        // The control: a blob written in clear (as before encryption at rest) is found by the same search.
        var legacyMarker = Encoding.UTF8.GetBytes($"旧附件明文-{Guid.NewGuid():N}");
        var legacy = (byte[])[.. Pdf(), .. legacyMarker];
        var legacySha = Convert.ToHexStringLower(SHA256.HashData(legacy));
        Assert.True(await blobs.PutAsync(legacySha, legacy));
        var stored = await StoredBytesAsync(host);
        Assert.True(stored.AsSpan().IndexOf(StoredForm(legacyMarker)) >= 0, "the search does not even find a blob stored in clear");
        AssertAbsent(stored, marker, "after upload");
        AssertAbsent(stored, SubsequenceOf(photo), "after upload (the photo)");

        // Downloads are the original bytes; the thumbnail is rendered from the opened file; the clear blob still opens.
        Assert.Equal(report, await Download(handler, caseNo, reportId));
        Assert.Equal(photo, await Download(handler, caseNo, photoId));
        var thumbnail = await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{photoId}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        using (var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync())) Assert.Equal((320, 240), (small.Width, small.Height));
        Assert.Equal(legacy, await host.Services.GetRequiredService<Petitions.Application.Features.Evidence.IEvidenceStore>().GetAsync(legacySha));

        // Rotation: new files sealed under the new key, old files still open.
        var oldKey = host.Services.GetRequiredService<IdentitySealer>().Current().Current.Id;
        Assert.Equal(new Guid?[] { oldKey, oldKey, null }.Order(), (await KeysOfBlobs(blobs)).Order());
        var newKey = (await admin.PostJson("/api/admin/keys/rotate", new { }))["keyId"]!.GetValue<Guid>();
        var late = (byte[])[.. Pdf(), .. Encoding.UTF8.GetBytes($"轮换后附件-{Guid.NewGuid():N}")];
        var lateId = await Upload(handler, caseNo, late, "回访记录.pdf");
        Assert.Equal(newKey, SealedEvidenceStore.KeyIdOf((await blobs.GetAsync(Convert.ToHexStringLower(SHA256.HashData(late))))!));
        Assert.Equal(report, await Download(handler, caseNo, reportId));

        // Re-encryption: the two old-key blobs and the clear one sealed under the new key; a second run finds nothing.
        var reencrypted = await admin.PostJson("/api/admin/keys/reencrypt", new { });
        Assert.Equal(3, reencrypted["evidenceFiles"]!.GetValue<int>());
        Assert.All(await KeysOfBlobs(blobs), key => Assert.Equal(newKey, key));
        Assert.Equal(0, (await admin.PostJson("/api/admin/keys/reencrypt", new { }))["evidenceFiles"]!.GetValue<int>());
        Assert.Equal(report, await Download(handler, caseNo, reportId));
        Assert.Equal(photo, await Download(handler, caseNo, photoId));
        Assert.Equal(late, await Download(handler, caseNo, lateId));
        stored = await StoredBytesAsync(host);
        AssertAbsent(stored, legacyMarker, "after re-encryption (the blob once in clear)");
        AssertAbsent(stored, marker, "after re-encryption");
    }

    [Fact]
    public async Task A_sealed_blob_moved_under_another_hash_or_altered_does_not_open()
    {
        await using var host = new PetitionsHost(Profile);
        var blobs = host.Services.GetRequiredService<IEvidenceBlobStore>();
        var store = host.Services.GetRequiredService<Petitions.Application.Features.Evidence.IEvidenceStore>();
        var (a, b) = ((byte[])[.. Pdf(), 1], (byte[])[.. Pdf(), 2]);
        var (shaA, shaB) = (Convert.ToHexStringLower(SHA256.HashData(a)), Convert.ToHexStringLower(SHA256.HashData(b)));
        await store.PutAsync(shaA, a);
        await store.PutAsync(shaB, b);
        Assert.Equal(a, await store.GetAsync(shaA));

        await blobs.ReplaceAsync(shaB, (await blobs.GetAsync(shaA))!);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(shaB));
        var altered = (await blobs.GetAsync(shaA))!;
        altered[^1] ^= 1;
        await blobs.ReplaceAsync(shaA, altered);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync(shaA));
    }

    private static async Task<string> Upload(HttpClient client, string caseNo, byte[] content, string name)
    {
        var response = await client.PostAsync($"/api/petitions/{caseNo}/attachments", Petitions.Host.Tests.Features.Evidence.EvidenceSamples.Upload(content, name, "site-visit:1"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json())["id"]!.GetValue<string>();
    }

    private static async Task<byte[]> Download(HttpClient client, string caseNo, string id)
    {
        var response = await client.GetAsync($"/api/petitions/{caseNo}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<List<Guid?>> KeysOfBlobs(IEvidenceBlobStore blobs)
    {
        var keys = new List<Guid?>();
        foreach (var sha in await blobs.ListAsync()) keys.Add(SealedEvidenceStore.KeyIdOf((await blobs.GetAsync(sha))!));
        return keys;
    }

    /// <summary>64 bytes from the middle of a file: compressed image data that occurs nowhere else.</summary>
    private static byte[] SubsequenceOf(byte[] content) => content.AsSpan(content.Length / 2, 64).ToArray();

    private void AssertAbsent(byte[] stored, byte[] secret, string when) =>
        Assert.True(stored.AsSpan().IndexOf(StoredForm(secret)) < 0 && stored.AsSpan().IndexOf(secret) < 0, $"{when}: the file's bytes are stored in clear");

    protected static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

public sealed class EvidenceAtRestOnSqlite : EvidenceAtRestTests
{
    protected override Profile Profile => Profile.Sqlite;

    /// <summary>Every file under the data folder: the database with its WAL, evidence/, keys/.</summary>
    protected override async Task<byte[]> StoredBytesAsync(PetitionsHost host)
    {
        var parts = new List<byte>();
        var folder = Path.GetDirectoryName(host.DatabaseLocation)!;
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}evidence{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files) parts.AddRange(await ReadSharedAsync(file));
        return [.. parts];
    }

    protected override byte[] StoredForm(byte[] bytes) => bytes;
}

public sealed class EvidenceAtRestOnPostgres : EvidenceAtRestTests
{
    protected override Profile Profile => Profile.Postgres;

    /// <summary>pg_dump in plain format (uncompressed SQL text, bytea as hexadecimal).</summary>
    protected override Task<byte[]> StoredBytesAsync(PetitionsHost host) => PostgresServer.PlainDumpAsync(host.DatabaseLocation);

    /// <summary>A bytea: a plain dump writes it as hexadecimal.</summary>
    protected override byte[] StoredForm(byte[] bytes) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(bytes));
}
