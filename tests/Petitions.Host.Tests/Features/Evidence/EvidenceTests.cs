using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Features.Evidence;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;
using SkiaSharp;
using static Petitions.Host.Tests.Features.Evidence.EvidenceSamples;

namespace Petitions.Host.Tests.Features.Evidence;

/// <summary>
/// Evidence files (附件) through the API on SQLite and PostgreSQL: upload on a step by those who take it, list, download,
/// thumbnail; 404 for a case out of scope; limits per file and per case; types by content; one blob per content hash;
/// retries with an Idempotency-Key; never in the public lookup. A refused upload leaves no blob and no attachment.
/// </summary>
public abstract class EvidenceTests(PetitionsHost host)
{
    /// <summary>Small limits, so that the limit tests send kilobytes: one file 64 KiB, a case 200 KiB.</summary>
    public static readonly Dictionary<string, string?> Limits = new()
    {
        ["Evidence:MaxFileBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Evidence:MaxCaseBytes"] = (200 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private readonly CaseDriver cases = new(host);

    /// <summary>A case of 654000 with co-unit 654200, in progress, with site visit no. 1.</summary>
    private async Task<string> CaseWithVisit()
    {
        var caseNo = await cases.InProgress(new CaseSpec { Region = "654000" }, "654000", ["654200"]);
        await cases.Visit(caseNo);
        return caseNo;
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string caseNo, byte[]? content, string name, string? attachTo = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{caseNo}/attachments") { Content = Upload(content, name, attachTo) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private async Task<JsonNode> Attach(string actor, string caseNo, byte[] content, string name, string? attachTo = null, int expected = 201)
    {
        var response = await Post(await host.ClientFor(actor), caseNo, content, name, attachTo);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"upload {name} as {actor}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private Task<bool> Stored(byte[] content) => host.Services.GetRequiredService<IEvidenceStore>().ExistsAsync(Sha(content));

    /// <summary>How many copies of the bytes the store holds: rows of the cluster's table, or files under the data folder.</summary>
    private async Task<long> Copies(string sha256) => host.Profile == Profile.Postgres
        ? await host.Scalar<long>("SELECT COUNT(*) FROM evidence_blobs WHERE sha256 = @sha256", new { sha256 })
        : Directory.GetFiles(Path.Combine(Path.GetDirectoryName(host.DatabaseLocation)!, "evidence"), sha256, SearchOption.AllDirectories).Length;

    [Fact]
    public async Task A_photo_of_a_site_visit_is_listed_downloaded_under_its_name_and_has_a_thumbnail()
    {
        var caseNo = await CaseWithVisit();
        var photo = Png(1600, 1200);
        var handler = await host.ClientFor("handler.654000");

        var response = await Post(handler, caseNo, photo, "现场照片 1.png", "site-visit:1");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Json();
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/petitions/{caseNo}/attachments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("现场照片 1.png", created["name"]!.GetValue<string>());
        Assert.Equal(photo.Length, created["size"]!.GetValue<long>());
        Assert.Equal(Sha(photo), created["sha256"]!.GetValue<string>());
        Assert.Equal("image/png", created["contentType"]!.GetValue<string>());
        Assert.Equal("site-visit:1", created["attachTo"]!.GetValue<string>());

        var list = await handler.GetJson($"/api/petitions/{caseNo}/attachments");
        Assert.Equal(id, Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(photo.Length, list["totalSize"]!.GetValue<long>());

        // A co-unit's handler and the supervisor see the case, so they may download.
        foreach (var actor in new[] { "handler.654200", "supervisor", "intake" })
        {
            var download = await (await host.ClientFor(actor)).GetAsync($"/api/petitions/{caseNo}/attachments/{id}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("现场照片 1.png", download.Content.Headers.ContentDisposition?.FileNameStar);
        }

        var thumbnail = await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{id}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/png", thumbnail.Content.Headers.ContentType?.MediaType);
        using var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 240), (small.Width, small.Height));

        // On the timeline, with what it documents; the version moved by one.
        var petition = await handler.GetJson($"/api/petitions/{caseNo}");
        var entry = petition["timeline"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "EvidenceAttached")!;
        Assert.Equal(id, entry["data"]!["id"]!.GetValue<string>());
        Assert.Equal("site-visit:1", entry["data"]!["attachTo"]!.GetValue<string>());
        Assert.Equal($"\"{petition["version"]!.GetValue<int>()}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_handler_of_another_unit_gets_404_for_everything_and_those_who_do_not_take_a_step_get_403()
    {
        var caseNo = await CaseWithVisit();
        var attached = await Attach("handler.654000", caseNo, Png(), "a.png", "site-visit:1");
        var id = attached["id"]!.GetValue<string>();

        var other = await host.ClientFor("handler.650100");
        Assert.Equal(HttpStatusCode.NotFound, (await Post(other, caseNo, Png(), "b.png", "site-visit:1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/petitions/{caseNo}/attachments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/petitions/{caseNo}/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/petitions/{caseNo}/attachments/{id}/thumbnail")).StatusCode);

        // Intake attaches the incoming letter, not a site visit's photo; a co-unit's handler a visit's, not the result's.
        await Attach("intake", caseNo, Pdf(), "来信扫描件.pdf", "registration");
        await Attach("intake", caseNo, Png(), "x.png", "site-visit:1", 403);
        await Attach("handler.654200", caseNo, Png(), "co.png", "site-visit:1");
        await cases.Result(caseNo, Verdict.Substantiated);
        await Attach("handler.654200", caseNo, Pdf(), "监测报告.pdf", "result", 403);
        await Attach("handler.654000", caseNo, Pdf(), "监测报告.pdf", "result");
        await Attach("admin", caseNo, Pdf(), "admin.pdf", null, 403);
        var refusedPhoto = Png();
        await Attach("handler.654200", caseNo, refusedPhoto, "r.png", "registration", 403);
        Assert.False(await Stored(refusedPhoto));

        var list = await (await host.ClientFor("supervisor")).GetJson($"/api/petitions/{caseNo}/attachments");
        Assert.Equal(["site-visit:1", "registration", "site-visit:1", "result:1"], list["items"]!.AsArray().Select(i => i!["attachTo"]!.GetValue<string>()));
    }

    public static TheoryData<string, string> BadUploads() => new()
    {
        { "empty", "file" },
        { "too-large", "file" },
        { "text", "file" },
        { "zip-not-office", "file" },
        { "path", "file" },
        { "backslash", "file" },
        { "control", "file" },
        { "dotdot", "file" },
        { "no-file", "file" },
        { "bad-attach-to", "attachTo" },
        { "no-such-visit", "attachTo" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_a_400_naming_the_field_and_leaves_nothing_behind(string kind, string field)
    {
        var caseNo = await CaseWithVisit();
        var before = await cases.Get(caseNo);
        var (content, name, attachTo) = kind switch
        {
            "empty" => (Array.Empty<byte>(), "a.png", "site-visit:1"),
            "too-large" => ([0xFF, 0xD8, 0xFF, .. RandomNumberGenerator.GetBytes(64 * 1024)], "big.jpg", "site-visit:1"),
            "text" => (Text(), "a.png", "site-visit:1"),
            "zip-not-office" => (OfficeZip("application/xml"), "a.docx", "site-visit:1"),
            "path" => (Png(), "../../etc/a.png", "site-visit:1"),
            "backslash" => (Png(), "C:\\Users\\a.png", "site-visit:1"),
            "control" => (Png(), "a\u0001b.png", "site-visit:1"),
            "dotdot" => (Png(), "..", "site-visit:1"),
            "no-file" => (null, "a.png", "site-visit:1"),
            "bad-attach-to" => (Png(), "a.png", "letter"),
            "no-such-visit" => (Png(), "a.png", "site-visit:9"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await Post(await host.ClientFor("handler.654000"), caseNo, content, name, attachTo);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Json())["errors"]![field]);

        var after = await cases.Get(caseNo);
        Assert.Equal(before.Version, after.Version);
        Assert.Empty(after.Attachments);
        if (content is { Length: > 0 }) Assert.False(await Stored(content));
    }

    [Fact]
    public async Task Types_are_told_by_content_a_jpg_name_holding_a_pdf_is_kept_as_a_pdf()
    {
        var caseNo = await CaseWithVisit();
        var pdf = await Attach("handler.654000", caseNo, Pdf(), "现场.jpg", "site-visit:1");
        Assert.Equal("application/pdf", pdf["contentType"]!.GetValue<string>());
        Assert.Equal("现场.jpg.pdf", pdf["name"]!.GetValue<string>());
        Assert.False(pdf["hasThumbnail"]!.GetValue<bool>());
        var handler = await host.ClientFor("handler.654000");
        Assert.Equal(HttpStatusCode.NotFound, (await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{pdf["id"]}/thumbnail")).StatusCode);

        var jpeg = await Attach("handler.654000", caseNo, Jpeg(), "photo.JPEG", "site-visit:1");
        Assert.Equal(("image/jpeg", "photo.JPEG"), (jpeg["contentType"]!.GetValue<string>(), jpeg["name"]!.GetValue<string>()));
        var docx = await Attach("handler.654000", caseNo, OfficeZip(), "笔录", "site-visit:1");
        Assert.Equal(("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "笔录.docx"), (docx["contentType"]!.GetValue<string>(), docx["name"]!.GetValue<string>()));
        var xlsx = await Attach("handler.654000", caseNo, OfficeZip("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), "监测数据.xlsx", "site-visit:1");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx["contentType"]!.GetValue<string>());
        var xls = await Attach("handler.654000", caseNo, LegacyOffice(), "旧表格.xls", "site-visit:1");
        Assert.Equal(("application/x-ole-storage", "旧表格.xls"), (xls["contentType"]!.GetValue<string>(), xls["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_same_bytes_are_stored_once_however_often_and_wherever_they_are_attached()
    {
        var first = await CaseWithVisit();
        var second = await CaseWithVisit();
        var photo = Jpeg();
        var a = await Attach("handler.654000", first, photo, "一.jpg", "site-visit:1");
        var b = await Attach("handler.654000", first, photo, "二.jpg", "site-visit:1");
        var c = await Attach("handler.654000", second, photo, "三.jpg", "site-visit:1");

        Assert.Equal(3, new[] { a, b, c }.Select(x => x["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(new[] { a, b, c }, x => Assert.Equal(Sha(photo), x["sha256"]!.GetValue<string>()));
        Assert.Equal(1, await Copies(Sha(photo)));
        var download = await (await host.ClientFor("handler.654000")).GetAsync($"/api/petitions/{second}/attachments/{c["id"]}");
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_case_holds_at_most_its_limit_and_the_file_beyond_it_is_a_409_that_stores_nothing()
    {
        var caseNo = await CaseWithVisit();
        for (var i = 0; i < 3; i++)
        {
            await Attach("handler.654000", caseNo, [.. Pdf(), .. new byte[60 * 1024]], $"报告{i}.pdf", "site-visit:1");
        }

        var beyond = (byte[])[.. Pdf(), .. new byte[30 * 1024]];
        var response = await Post(await host.ClientFor("handler.654000"), caseNo, beyond, "报告4.pdf", "site-visit:1");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("EvidenceCaseLimit", (await response.Json())["rule"]!.GetValue<string>());
        Assert.False(await Stored(beyond));
        Assert.Equal(3, (await cases.Get(caseNo)).Attachments.Count);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_answers_the_first_attachment_and_stores_nothing_more()
    {
        var caseNo = await CaseWithVisit();
        var handler = await host.ClientFor("handler.654000");
        var photo = Png();
        var first = await Post(handler, caseNo, photo, "a.png", "site-visit:1", key: "upload-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var other = Png();
        var retry = await Post(handler, caseNo, other, "b.png", "site-visit:1", key: "upload-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.Json())["id"]!.GetValue<string>(), (await retry.Json())["id"]!.GetValue<string>());
        Assert.Single((await cases.Get(caseNo)).Attachments);
        Assert.False(await Stored(other));

        // The same key from someone else is another upload.
        var coHandler = await host.ClientFor("handler.654200");
        Assert.Equal(HttpStatusCode.Created, (await Post(coHandler, caseNo, other, "b.png", "site-visit:1", key: "upload-1")).StatusCode);
    }

    [Fact]
    public async Task Files_never_appear_in_the_public_lookup()
    {
        var created = await (await host.ClientFor("intake")).PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow()), 201);
        var caseNo = created["caseNo"]!.GetValue<string>();
        var letter = Pdf();
        await Attach("intake", caseNo, letter, "信访人来信原件.pdf", "registration");

        var lookup = await host.CreateClient().PostAsync("/api/public/lookup",
            System.Net.Http.Json.JsonContent.Create(new { caseNo, queryCode = created["queryCode"]!.GetValue<string>() }));
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var text = await lookup.Content.ReadAsStringAsync();
        Assert.DoesNotContain("信访人来信原件", text);
        Assert.DoesNotContain(Sha(letter), text);
        Assert.DoesNotContain("attach", text, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class EvidenceSqliteHost() : PetitionsHost(Profile.Sqlite, extra: EvidenceTests.Limits);

public sealed class EvidencePostgresHost() : PetitionsHost(Profile.Postgres, extra: EvidenceTests.Limits);

public sealed class EvidenceSqliteTests(EvidenceSqliteHost host) : EvidenceTests(host), IClassFixture<EvidenceSqliteHost>;

public sealed class EvidencePostgresTests(EvidencePostgresHost host) : EvidenceTests(host), IClassFixture<EvidencePostgresHost>;

/// <summary>Two hosts on one PostgreSQL database: a file uploaded through one downloads through the other.</summary>
public sealed class EvidenceClusterTests
{
    [Fact]
    public async Task A_file_uploaded_through_one_silo_downloads_through_the_other()
    {
        var cluster = new Dictionary<string, string?> { ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}" };
        await using var first = new PetitionsHost(Profile.Postgres, extra: cluster);
        var caseNo = await new CaseDriver(first).InProgress(new CaseSpec { Region = "654000" }, "654000");
        var photo = Jpeg();
        var response = await (await first.ClientFor("handler.654000")).PostAsync($"/api/petitions/{caseNo}/attachments", Upload(photo, "现场.jpg"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Json())["id"]!.GetValue<string>();

        await using var second = new PetitionsHost(Profile.Postgres, first.DatabaseLocation, cluster);
        var download = await (await second.ClientFor("supervisor")).GetAsync($"/api/petitions/{caseNo}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        var thumbnail = await (await second.ClientFor("handler.654000")).GetAsync($"/api/petitions/{caseNo}/attachments/{id}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
    }
}

/// <summary>The embedded profile keeps files beside its database: a restarted host still lists and serves them.</summary>
public sealed class EvidenceRestartTests
{
    [Fact]
    public async Task Files_survive_a_restart_of_the_embedded_host()
    {
        var first = new PetitionsHost(Profile.Sqlite);
        var caseNo = await new CaseDriver(first).InProgress(new CaseSpec { Region = "654000" }, "654000");
        var photo = Jpeg(2000, 1500);
        var response = await (await first.ClientFor("handler.654000")).PostAsync($"/api/petitions/{caseNo}/attachments", Upload(photo, "现场.jpg"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Json())["id"]!.GetValue<string>();
        var database = first.HandOverDatabase();
        await first.DisposeAsync();

        await using var second = new PetitionsHost(Profile.Sqlite, database);
        var handler = await second.ClientFor("handler.654000");
        var list = await handler.GetJson($"/api/petitions/{caseNo}/attachments");
        Assert.Equal(id, Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(photo, await (await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{id}")).Content.ReadAsByteArrayAsync());
        using var small = SKBitmap.Decode(await (await handler.GetAsync($"/api/petitions/{caseNo}/attachments/{id}/thumbnail")).Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 240), (small.Width, small.Height));
    }
}
