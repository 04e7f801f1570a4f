using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;
using Xunit.Abstractions;
using static Petitions.Host.Tests.Features.Handover.HandoverListFiles;

namespace Petitions.Host.Tests.Features.Handover;

/// <summary>
/// Handover list import through HTTP: a 3000-row list previewed and committed, then re-imported without a second
/// registration; a list with bad rows reports row and column and registers nothing; every bad file kind is a 400
/// naming "file" that changes nothing. Each test imports into a round of its own.
/// </summary>
public abstract class HandoverImportTests(PetitionsHost host, ITestOutputHelper output)
{
    private DateTimeOffset Now => host.Clock.GetUtcNow();

    private async Task<JsonNode> Preview(HttpClient client, string round, int batch, byte[] file, int expected = 200)
    {
        var response = await client.PostAsync($"/api/rounds/{round}/batches/{batch}/imports", Upload(file));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"preview: expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task A_3000_row_list_registers_every_row_once_and_again_registers_nothing()
    {
        var round = await new CaseDriver(host).NewRound(10, 1);
        var intake = await host.ClientFor("intake");
        // 3000 registrations on a loaded 2-core machine running the whole suite: the client waits as long as it takes.
        intake.Timeout = TimeSpan.FromMinutes(15);
        var day = Now.ToOffset(ChinaTime.Offset).AddDays(-2);
        var china = new DateTimeOffset(day.Year, day.Month, day.Day, day.Hour, day.Minute, 0, ChinaTime.Offset);
        // Dates in every form lists use: an Excel date, and text with dashes, slashes, or 年月日.
        object Date(int i) => (i % 4) switch
        {
            0 => china.DateTime,
            1 => china.ToString("yyyy-MM-dd HH:mm"),
            2 => china.ToString("yyyy/MM/dd"),
            _ => china.ToString("yyyy年M月d日"),
        };
        var rows = Enumerable.Range(1, 3000)
            .Select(i => Row($"H{i:D5}", Date(i), i % 2 == 0 ? "654000" : "塔城地区", $"交办测试{round}企业{i}有限公司"))
            .ToList();
        var file = Xlsx(rows);
        var before = await host.StoredCases();

        var watch = Stopwatch.StartNew();
        var preview = await Preview(intake, round, 1, file);
        var previewed = watch.Elapsed;
        Assert.True(preview["valid"]!.GetValue<bool>(), preview.ToJsonString()[..Math.Min(2000, preview.ToJsonString().Length)]);
        Assert.Equal(3000, preview["rows"]!.AsArray().Count);
        Assert.All(preview["rows"]!.AsArray(), r => Assert.Equal("New", r!["outcome"]!.GetValue<string>()));
        Assert.Equal(before, await host.StoredCases());

        watch.Restart();
        var commit = await intake.PostJson($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", new { });
        output.WriteLine($"preview {previewed.TotalSeconds:F1} s, commit {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(3000, commit["registered"]!.GetValue<int>());
        Assert.Equal(0, commit["existing"]!.GetValue<int>());
        Assert.Equal(before + 3000, await host.StoredCases());
        Assert.Equal(3000, await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE round_code = @round AND batch_no = 1", new { round }));

        // The same list again: every row is already registered, nothing is registered twice.
        var again = await Preview(intake, round, 1, file);
        Assert.All(again["rows"]!.AsArray(), r => Assert.Equal("Existing", r!["outcome"]!.GetValue<string>()));
        var recommit = await intake.PostJson($"/api/imports/{again["importId"]!.GetValue<string>()}/commit", new { });
        Assert.Equal(0, recommit["registered"]!.GetValue<int>());
        Assert.Equal(3000, recommit["existing"]!.GetValue<int>());
        Assert.Equal(before + 3000, await host.StoredCases());

        // Each date form means the same China time (an Excel date and text to the minute; the date-only forms the day).
        foreach (var i in new[] { 4, 1, 2, 3 })
        {
            var caseNo = again["rows"]!.AsArray().Single(r => r!["externalRef"]!.GetValue<string>() == $"H{i:D5}")!["caseNo"]!.GetValue<string>();
            var view = await intake.GetJson($"/api/petitions/{caseNo}");
            var received = DateTimeOffset.Parse(view["receivedAt"]!.GetValue<string>()).ToOffset(ChinaTime.Offset);
            var expected = i % 4 is 0 or 1 ? new DateTimeOffset(china.Year, china.Month, china.Day, china.Hour, china.Minute, 0, ChinaTime.Offset) : new DateTimeOffset(china.Date, ChinaTime.Offset);
            Assert.Equal(expected, received);
            Assert.Equal("InspectionHandover", view["channel"]!.GetValue<string>());
            Assert.Equal(i % 2 == 0 ? "654000" : "654200", view["regionCode"]!.GetValue<string>());
        }

        var status = await intake.GetJson($"/api/imports/{preview["importId"]!.GetValue<string>()}");
        Assert.Equal("Committed", status["status"]!.GetValue<string>());
        Assert.Equal(3000, status["registered"]!.GetValue<int>());
        // The committed preview keeps its counts, not the rows (nor the complainants they named).
        Assert.Equal(0L, await host.Scalar<long>("SELECT COUNT(*) FROM handover_imports WHERE id = @id AND rows_json IS NOT NULL", new { id = preview["importId"]!.GetValue<string>() }));
    }

    [Fact]
    public async Task A_list_with_bad_rows_reports_row_and_column_and_registers_nothing()
    {
        var round = await new CaseDriver(host).NewRound(10, 1);
        var intake = await host.ClientFor("intake");
        var at = Now.ToOffset(ChinaTime.Offset).AddDays(-1).ToString("yyyy-MM-dd HH:mm");
        var file = Xlsx(
        [
            Row("B1", at, "654000", CaseDriver.UniqueTarget()),
            Row("B2", at, "火星市", CaseDriver.UniqueTarget()),
            Row("B3", "下周二", "654000", CaseDriver.UniqueTarget()),
            Row("B1", at, "654000", CaseDriver.UniqueTarget()),
            Row("B5", at, "654000", "", phone: "12345"),
            Row("B6", at, "654000", CaseDriver.UniqueTarget(), categories: "光污染"),
        ]);
        var before = await host.StoredCases();

        var preview = await Preview(intake, round, 1, file);
        Assert.False(preview["valid"]!.GetValue<bool>());
        var rows = preview["rows"]!.AsArray().ToDictionary(r => r!["row"]!.GetValue<int>(), r => r!);
        Assert.Equal("New", rows[2]["outcome"]!.GetValue<string>());
        void Fails(int row, string column, string code)
        {
            Assert.Equal("Invalid", rows[row]["outcome"]!.GetValue<string>());
            Assert.Contains(rows[row]["errors"]!.AsArray(), e => e!["column"]!.GetValue<string>() == column && e["code"]!.GetValue<string>() == code);
        }

        // Spreadsheet rows: the header is row 1, the first list row is row 2.
        Fails(3, "行政区域", "UnknownRegion");
        Fails(4, "受理时间", "DateText");
        Fails(5, "交办编号", "DuplicateInList");
        Fails(6, "被举报对象", "NotEmptyValidator");
        Fails(6, "联系电话", "Phone");
        Fails(7, "污染类型", "UnknownCategory");

        var commit = await intake.PostAsync($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", null);
        Assert.Equal(HttpStatusCode.Conflict, commit.StatusCode);
        Assert.Equal(before, await host.StoredCases());
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE round_code = @round", new { round }));
    }

    public static TheoryData<string> BadFiles() => ["text", "zip", "bomb", "rows", "formula", "huge", "columns", "empty"];

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_a_400_naming_the_file_and_changes_nothing(string kind)
    {
        var round = await new CaseDriver(host).NewRound(10, 1);
        var intake = await host.ClientFor("intake");
        var at = Now.ToOffset(ChinaTime.Offset).AddDays(-1).ToString("yyyy-MM-dd HH:mm");
        var valid = Xlsx([Row("F1", at, "654000", CaseDriver.UniqueTarget())]);
        byte[] file = kind switch
        {
            "text" => "序号,交办编号\n1,F1\n"u8.ToArray(),
            "zip" => ZipOf("readme.txt"),
            "bomb" => ZipBomb(),
            "rows" => Xlsx(Enumerable.Range(1, 100_001).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?> { ["交办编号"] = i })),
            "formula" => WithFormula(valid),
            "huge" => new byte[50 * 1024 * 1024],
            "columns" => Xlsx([new Dictionary<string, object?> { ["名称"] = "某企业", ["日期"] = at }]),
            _ => Xlsx([new Dictionary<string, object?> { ["交办编号"] = null }]),
        };
        var before = await host.StoredCases();
        var imports = await host.Scalar<long>("SELECT COUNT(*) FROM handover_imports");

        var problem = await Preview(intake, round, 1, file, 400);
        Assert.NotNull(problem["errors"]!["file"]);
        output.WriteLine($"{kind}: {problem["errors"]!["file"]![0]}");
        Assert.Equal(before, await host.StoredCases());
        Assert.Equal(imports, await host.Scalar<long>("SELECT COUNT(*) FROM handover_imports"));
    }

    private static byte[] ZipOf(string name)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open());
            w.Write("not a workbook");
        }

        return stream.ToArray();
    }

    [Fact]
    public async Task An_unknown_batch_is_a_404_and_a_missing_file_a_400()
    {
        var round = await new CaseDriver(host).NewRound(10, 1);
        var intake = await host.ClientFor("intake");
        var file = Xlsx([Row("N1", "2026/11/20", "654000", CaseDriver.UniqueTarget())]);
        await Preview(intake, round, 7, file, 404);
        await Preview(intake, "NOSUCH", 1, file, 404);
        var response = await intake.PostAsync($"/api/rounds/{round}/batches/1/imports", new MultipartFormDataContent { { new StringContent("x"), "other" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intake.PostAsync("/api/imports/nosuch/commit", null)).StatusCode);
    }
}

public sealed class HandoverImportOnSqlite(SqliteHost host, ITestOutputHelper output) : HandoverImportTests(host, output), IClassFixture<SqliteHost>;

public sealed class HandoverImportOnPostgres(PostgresHost host, ITestOutputHelper output) : HandoverImportTests(host, output), IClassFixture<PostgresHost>;
