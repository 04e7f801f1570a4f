using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Features.Handover.HandoverListFiles;

namespace Petitions.Host.Tests.Features.Handover;

/// <summary>
/// Public disclosure of a handover batch: invisible to the public until a supervisor publishes it, then the table for
/// anyone (JSON, page, .xlsx) — and nothing personal in any of them, even where a handler wrote the complainant's name
/// into the measures.
/// </summary>
public abstract class DisclosureTests(PetitionsHost host)
{
    private const string Name = "欧阳铁柱甲";
    private const string Phone = "13977775555";
    private const string ListName = "司马翠花乙";
    private const string ListPhone = "13966664444";
    private const string HomeAddress = "伊宁市幸福小区9号楼3单元502室";

    [Fact]
    public async Task A_batch_is_public_only_once_published_and_nothing_personal_is_in_it()
    {
        var driver = new CaseDriver(host);
        var round = await driver.NewRound(10, 1, 2);
        var intake = await host.ClientFor("intake");
        var supervisor = await host.ClientFor("supervisor");
        var anonymous = host.CreateClient();
        var now = host.Clock.GetUtcNow();

        // One case registered by hand with a home address, one through a handover list, both in batch 1.
        var manual = await intake.PostJson("/api/petitions", Complaints.Valid(now)
            .With("roundCode", round).With("batchNo", 1).With("channel", "InspectionHandover")
            .With("complainant", new { name = Name, phone = Phone, address = HomeAddress, anonymous = false }), 201);
        var manualNo = manual["caseNo"]!.GetValue<string>();
        var at = now.ToOffset(ChinaTime.Offset).AddDays(-1).ToString("yyyy-MM-dd HH:mm");
        var listed = await intake.PostAsync($"/api/rounds/{round}/batches/1/imports",
            Upload(Xlsx([Row("P1", at, "伊犁哈萨克自治州", CaseDriver.UniqueTarget("公开测试"), ListName, ListPhone)])));
        var preview = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!;
        Assert.True(preview["valid"]!.GetValue<bool>(), preview.ToJsonString());
        await intake.PostJson($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", new { });

        // The manual case is closed with measures that name the complainant (a handler's slip): the public sees it masked.
        await driver.Assign(manualNo, "654000");
        await driver.Accept(manualNo);
        await driver.Visit(manualNo);
        await driver.Do(manualNo, new SubmitResultCommand(Verdict.Substantiated, "属实", $"已约谈企业，并向举报人{Name}（{Phone}）反馈", "罚款5万元", "已整改"));
        await driver.Callback(manualNo, Satisfaction.Satisfied);
        await driver.Close(manualNo);

        foreach (var url in new[] { $"/api/public/disclosure/{round}/1", $"/public/disclosure/{round}/1.xlsx", $"/public/disclosure/{round}/1" })
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await intake.PostAsync($"/api/rounds/{round}/batches/1/publish", null)).StatusCode);
        var deadline = ChinaTime.DateOf(now).AddDays(5).ToString("yyyy-MM-dd");
        var set = await supervisor.PutAsync($"/api/rounds/{round}/batches/1/publication", System.Net.Http.Json.JsonContent.Create(new { publishBy = deadline }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var published = await supervisor.PostJson($"/api/rounds/{round}/batches/1/publish", new { });
        Assert.Equal(2, published["rows"]!.GetValue<int>());
        Assert.False(published["late"]!.GetValue<bool>());

        var table = await anonymous.GetJson($"/api/public/disclosure/{round}/1");
        Assert.Equal(round, table["round"]!.GetValue<string>());
        Assert.Equal(1, table["batch"]!.GetValue<int>());
        Assert.Equal(deadline, table["publishBy"]!.GetValue<string>());
        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var closed = rows.Single(r => r!["caseNo"]!.GetValue<string>() == manualNo)!;
        Assert.Equal("已办结", closed["status"]!.GetValue<string>());
        Assert.Equal("Substantiated", closed["verdict"]!.GetValue<string>());
        Assert.Equal("罚款5万元", closed["penalties"]!.GetValue<string>());
        Assert.StartsWith("已约谈企业", closed["measures"]!.GetValue<string>());
        Assert.Equal("办理中", rows.Single(r => r!["caseNo"]!.GetValue<string>() != manualNo)!["status"]!.GetValue<string>());

        // Other batches stay invisible.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/disclosure/{round}/2")).StatusCode);

        var json = table.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var page = await anonymous.GetStringAsync($"/public/disclosure/{round}/1");
        var pageEn = await anonymous.GetStringAsync($"/public/disclosure/{round}/1?lang=en");
        Assert.Contains(manualNo, page);
        Assert.Contains("已办结", page);
        Assert.Contains("Closed", pageEn);
        var xlsx = await anonymous.GetByteArrayAsync($"/public/disclosure/{round}/1.xlsx");
        var parts = XmlPartsOf(xlsx);
        Assert.Contains(manualNo, parts);

        foreach (var (what, text) in new[] { ("JSON", json), ("page", page), ("English page", pageEn), ("xlsx", parts) })
        {
            foreach (var secret in new[] { Name, Phone, ListName, ListPhone, HomeAddress, "张三丰", "13812345678", "检查员甲" })
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{what} shows {secret}");
        }
    }

    /// <summary>Every part of the .xlsx zip, inflated and concatenated (shared strings, sheets, properties).</summary>
    private static string XmlPartsOf(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }
}

public sealed class DisclosureOnSqlite(SqliteHost host) : DisclosureTests(host), IClassFixture<SqliteHost>;

public sealed class DisclosureOnPostgres(PostgresHost host) : DisclosureTests(host), IClassFixture<PostgresHost>;
