using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Petitions.Application.Features.Imports.History;
using Petitions.Contracts.Numbers;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Imports;

/// <summary>
/// The migration import with history: a legacy ledger's rows come in with their own dates on the timeline, on-time is
/// computed from those dates, a history the rules refuse is reported (row, column, rule) and nothing is written, and the
/// same ledger again registers nothing.
/// </summary>
public abstract class HistoryImportTests(PetitionsHost host)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    private DateOnly DaysAgo(int days) => ChinaTime.DateOf(host.Clock.GetUtcNow()).AddDays(-days);

    private static string At(DateOnly day, int hour, int minute = 0) => $"{day:yyyy-MM-dd} {hour:D2}:{minute:D2}";

    /// <summary>A complete row: received, accepted a day later, visited, answered, called back and closed.</summary>
    private Dictionary<string, object?> Row(string reference, int receivedDaysAgo, int closedAfterDays, string verdict = "属实", bool visit = true, bool callback = true)
    {
        var received = DaysAgo(receivedDaysAgo);
        return new Dictionary<string, object?>
        {
            [HistoryLedger.Ref] = $"{run}-{reference}",
            [HistoryLedger.Received] = At(received, 9, 30),
            [HistoryLedger.Channel] = "电话",
            [HistoryLedger.Region] = "654000",
            [HistoryLedger.Target] = $"伊宁市{run}{reference}建材有限公司",
            [HistoryLedger.Categories] = "大气、噪声",
            [HistoryLedger.Description] = "夜间生产粉尘大、噪声扰民",
            [HistoryLedger.Accepted] = received.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [HistoryLedger.Visited] = visit ? At(received.AddDays(3), 10) : null,
            [HistoryLedger.Inspectors] = "张伟、李娜",
            [HistoryLedger.Answered] = At(received.AddDays(closedAfterDays - 5), 16),
            [HistoryLedger.Verdict] = verdict,
            [HistoryLedger.Measures] = "责令立即整改",
            [HistoryLedger.CalledBack] = callback ? At(received.AddDays(closedAfterDays - 2), 11) : null,
            [HistoryLedger.Satisfaction] = callback ? "满意" : null,
            [HistoryLedger.Closed] = At(received.AddDays(closedAfterDays), 15),
            [HistoryLedger.ClosureKind] = "办结",
        };
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, IEnumerable<Dictionary<string, object?>> rows, string fileName = "旧台账.xlsx")
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows.ToList());
        return await Upload(client, stream.ToArray(), fileName);
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/imports/history", form);
    }

    private async Task<JsonNode> Preview(IEnumerable<Dictionary<string, object?>> rows)
    {
        var response = await Upload(await host.ClientFor("admin"), rows);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private Task<string?> CaseNoOf(string reference) =>
        host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRegistrationKeyGrain>(HistoryImportKeys.Of($"{run}-{reference}")).Find();

    [Fact]
    public async Task Imported_dates_are_on_the_timeline_as_given_and_on_time_is_computed_from_them()
    {
        var preview = await Preview([Row("1", 200, 20), Row("2", 150, 75)]);
        Assert.True(preview["valid"]!.GetValue<bool>(), preview.ToJsonString());
        Assert.All(preview["rows"]!.AsArray(), r => Assert.Equal("New", r!["outcome"]!.GetValue<string>()));

        var admin = await host.ClientFor("admin");
        var committed = await admin.PostJson($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", new { });
        Assert.Equal(2, committed["registered"]!.GetValue<int>());
        Assert.Equal(0, committed["existing"]!.GetValue<int>());

        var supervisor = await host.ClientFor("supervisor");
        var onTime = await supervisor.GetJson($"/api/petitions/{await CaseNoOf("1")}");
        var received = ChinaTime.StartOfDay(DaysAgo(200)).AddHours(9.5);
        Assert.Equal("Closed", onTime["status"]!.GetValue<string>());
        Assert.Equal(received, onTime["receivedAt"]!.GetValue<DateTimeOffset>());
        var timeline = onTime["timeline"]!.AsArray();
        Assert.Equal(["Registered", "Assigned", "Accepted", "SiteVisitLogged", "ResultSubmitted", "CallbackLogged", "Closed", "HistoryImported"],
            timeline.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(received, timeline[0]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(ChinaTime.StartOfDay(DaysAgo(199)).AddHours(12), timeline[2]!["at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(ChinaTime.StartOfDay(DaysAgo(180)).AddHours(15), timeline[6]!["at"]!.GetValue<DateTimeOffset>());
        Assert.True(timeline[6]!["data"]!["onTime"]!.GetValue<bool>());
        // Marked as imported: by whom, when (now), from which file.
        var imported = timeline[7]!;
        Assert.Equal("admin", imported["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("旧台账.xlsx", imported["data"]!["source"]!.GetValue<string>());
        Assert.Equal(host.Clock.GetUtcNow(), imported["at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMinutes(1));
        var dates = timeline.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(dates.Order(), dates);

        // 75 days from receipt to closing: past the 60 handling days counted from acceptance.
        var late = await supervisor.GetJson($"/api/petitions/{await CaseNoOf("2")}");
        Assert.False(late["timeline"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Closed")!["data"]!["onTime"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_history_the_rules_refuse_is_reported_by_row_and_column_and_nothing_is_imported()
    {
        var future = Row("F", 10, 8);
        future[HistoryLedger.Closed] = At(DaysAgo(-3), 10);
        var preview = await Preview([Row("ok", 100, 20), Row("nocb", 100, 20, callback: false), Row("novisit", 100, 20, verdict: "不属实", visit: false), future,
            new Dictionary<string, object?>(Row("bad", 100, 20)) { [HistoryLedger.Region] = "不存在的区", [HistoryLedger.Received] = "昨天" }]);
        Assert.False(preview["valid"]!.GetValue<bool>());
        var rows = preview["rows"]!.AsArray();
        Assert.Equal([2, 3, 4, 5, 6], rows.Select(r => r!["row"]!.GetValue<int>()));
        Assert.Equal(["New", "Invalid", "Invalid", "Invalid", "Invalid"], rows.Select(r => r!["outcome"]!.GetValue<string>()));
        (string Column, string Code) Error(int i) => (rows[i]!["errors"]![0]!["column"]!.GetValue<string>(), rows[i]!["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal((HistoryLedger.Closed, "CloseRequiresCallback"), Error(1));
        Assert.Equal((HistoryLedger.Verdict, "UnsubstantiatedRequiresSiteVisit"), Error(2));
        Assert.Equal((HistoryLedger.Closed, "DateInFuture"), Error(3));
        var columns = rows[4]!["errors"]!.AsArray().Select(e => e!["column"]!.GetValue<string>()).ToList();
        Assert.Contains(HistoryLedger.Region, columns);
        Assert.Contains(HistoryLedger.Received, columns);

        var admin = await host.ClientFor("admin");
        var response = await admin.PostAsync($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Null(await CaseNoOf("ok"));
    }

    [Fact]
    public async Task The_shared_commit_route_commits_a_ledger_for_an_administrator_only()
    {
        var preview = await Preview([Row("role", 60, 20)]);
        var url = $"/api/imports/{preview["importId"]!.GetValue<string>()}/commit";
        foreach (var actor in (string[])["intake", "supervisor"])
            Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientFor(actor)).PostAsync(url, null)).StatusCode);
        Assert.Null(await CaseNoOf("role"));

        var committed = await (await host.ClientFor("admin")).PostJson(url, new { });
        Assert.Equal("History", committed["kind"]!.GetValue<string>());
        Assert.Equal(1, committed["registered"]!.GetValue<int>());
        Assert.NotNull(await CaseNoOf("role"));
    }

    [Fact]
    public async Task Cells_are_read_as_every_spreadsheet_import_reads_them()
    {
        // An Excel date cell, dates in Chinese and with slashes, a region and a lead unit by name, a list's word for a pollution type.
        var received = DaysAgo(120);
        var row = Row("cells", 120, 30);
        row[HistoryLedger.Received] = received.ToDateTime(new TimeOnly(8, 45));
        row[HistoryLedger.Accepted] = $"{received.AddDays(2):yyyy年M月d日}";
        row[HistoryLedger.Visited] = $"{received.AddDays(4):yyyy/M/d} 10:15";
        row[HistoryLedger.Region] = "伊犁哈萨克自治州";
        row[HistoryLedger.LeadUnit] = "伊犁哈萨克自治州";
        row[HistoryLedger.Categories] = "空气、噪音";
        var preview = await Preview([row]);
        Assert.True(preview["valid"]!.GetValue<bool>(), preview.ToJsonString());
        await (await host.ClientFor("admin")).PostJson($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", new { });

        var view = await (await host.ClientFor("supervisor")).GetJson($"/api/petitions/{await CaseNoOf("cells")}");
        Assert.Equal(ChinaTime.StartOfDay(received).AddHours(8.75), view["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("654000", view["regionCode"]!.GetValue<string>());
        Assert.Equal(["Air", "Noise"], view["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        var timeline = view["timeline"]!.AsArray();
        DateTimeOffset At(string type) => timeline.First(e => e!["type"]!.GetValue<string>() == type)!["at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(ChinaTime.StartOfDay(received.AddDays(2)).AddHours(12), At("Accepted"));
        Assert.Equal(ChinaTime.StartOfDay(received.AddDays(4)).AddHours(10.25), At("SiteVisitLogged"));
    }

    [Fact]
    public async Task The_same_ledger_again_registers_nothing()
    {
        var rows = new[] { Row("a", 90, 12), Row("b", 80, 30) };
        var admin = await host.ClientFor("admin");
        var first = await Preview(rows);
        await admin.PostJson($"/api/imports/{first["importId"]!.GetValue<string>()}/commit", new { });
        var caseNo = await CaseNoOf("a");

        var again = await Preview(rows);
        Assert.True(again["valid"]!.GetValue<bool>());
        Assert.All(again["rows"]!.AsArray(), r => Assert.Equal("Existing", r!["outcome"]!.GetValue<string>()));
        var committed = await admin.PostJson($"/api/imports/{again["importId"]!.GetValue<string>()}/commit", new { });
        Assert.Equal(0, committed["registered"]!.GetValue<int>());
        Assert.Equal(2, committed["existing"]!.GetValue<int>());
        var supervisor = await host.ClientFor("supervisor");
        Assert.Single((await supervisor.GetJson($"/api/petitions/{caseNo}"))["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "HistoryImported");
    }

    [Fact]
    public async Task A_bad_file_is_a_400_on_file_and_only_an_administrator_may_import()
    {
        var admin = await host.ClientFor("admin");
        var notXlsx = await Upload(admin, "序号,受理时间\n1,2025-01-01"u8.ToArray(), "list.csv");
        Assert.Equal(HttpStatusCode.BadRequest, notXlsx.StatusCode);
        Assert.Contains("file", await notXlsx.Content.ReadAsStringAsync());
        var noForm = await admin.PostAsync("/api/imports/history", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noForm.StatusCode);
        var wrongHeaders = await Upload(admin, [new Dictionary<string, object?> { ["甲"] = "1", ["乙"] = "2" }]);
        Assert.Equal(HttpStatusCode.BadRequest, wrongHeaders.StatusCode);

        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(supervisor, [Row("x", 50, 10)])).StatusCode);
        Assert.Null(await CaseNoOf("x"));

        var template = await admin.GetAsync("/api/imports/history/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        await using var stream = new MemoryStream(await template.Content.ReadAsByteArrayAsync());
        var header = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single().Keys;
        Assert.Equal(HistoryLedger.Columns, header);
    }
}

public sealed class HistoryImportOnSqlite(SqliteHost host) : HistoryImportTests(host), IClassFixture<SqliteHost>;

public sealed class HistoryImportOnPostgres(PostgresHost host) : HistoryImportTests(host), IClassFixture<PostgresHost>;
