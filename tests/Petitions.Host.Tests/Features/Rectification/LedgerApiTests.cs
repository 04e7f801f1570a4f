using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Petitions.Domain.Common;
using Petitions.Domain.Rectification;
using Petitions.Demo;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Rectification;

/// <summary>
/// The ledger through HTTP: the report imported as plans and tasks reproduces its headline (14 and 19 completed as of
/// 2023-06-30); a responsible unit reports progress; a supervisor verifies and closes (验收销号); reopening; links to
/// cases both ways; a damaged copy changes nothing. Each test imports into a round of its own.
/// </summary>
public abstract class LedgerApiTests(PetitionsHost host)
{
    private static readonly string Report = DemoLedger.ReportText();
    private static readonly ParsedReport Parsed = ReportParser.Parse(Report);

    private async Task<(string Region, string Corps)> Import()
    {
        var round = await new CaseDriver(host).NewRound();
        var admin = await host.ClientFor("admin");
        var result = await admin.PostJson("/api/rectification/imports", new { text = Report, roundCode = round });
        Assert.Equal(2, result["plans"]!.GetValue<int>());
        Assert.Equal(75, result["tasks"]!.GetValue<int>());
        Assert.Empty(result["unplaced"]!.AsArray());
        return ($"{round}-650000", $"{round}-BT");
    }

    private DateOnly Today => ChinaTime.DateOf(host.Clock.GetUtcNow());

    [Fact]
    public async Task The_imported_report_reproduces_14_and_19_completed_as_of_the_end_of_June_2023()
    {
        var (region, corps) = await Import();
        var supervisor = await host.ClientFor("supervisor");
        var plans = (await supervisor.GetJson("/api/rectification/plans")).AsArray();
        var regionPlan = plans.Single(p => p!["code"]!.GetValue<string>() == region)!;
        Assert.Equal("650000", regionPlan["ownerUnit"]!.GetValue<string>());
        Assert.Equal(45, regionPlan["taskCount"]!.GetValue<int>());
        Assert.Equal("BT", plans.Single(p => p!["code"]!.GetValue<string>() == corps)!["ownerUnit"]!.GetValue<string>());

        foreach (var (code, plan) in new[] { (region, Parsed.Plans[0]), (corps, Parsed.Plans[1]) })
        {
            var summary = await supervisor.GetJson($"/api/rectification/plans/{code}/summary?asOf=2023-06-30");
            Assert.Equal("2023-06-30", summary["asOf"]!.GetValue<string>());
            Assert.Equal(plan.Tasks.Count, summary["total"]!.GetValue<int>());
            Assert.Equal(0, summary["overdue"]!.GetValue<int>());
            Assert.True(summary["allOnSchedule"]!.GetValue<bool>());
            // Every status as the appendix writes it (the split task counts once, by its least advanced part).
            var expected = plan.Tasks.GroupBy(t => t.Overall!.Value.Written).ToDictionary(g => g.Key, g => g.Count());
            var byStatus = summary["byStatus"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>());
            Assert.Equal(expected.OrderBy(kv => kv.Key), byStatus.OrderBy(kv => kv.Key));
        }

        var regionSummary = await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf=2023-06-30");
        var corpsSummary = await supervisor.GetJson($"/api/rectification/plans/{corps}/summary?asOf=2023-06-30");
        Assert.Equal(14, regionSummary["completed"]!.GetValue<int>());
        Assert.Equal(10, regionSummary["completedAndKeptUp"]!.GetValue<int>());
        Assert.Equal(19, corpsSummary["completed"]!.GetValue<int>());

        // Before the report's date the ledger did not exist yet.
        Assert.Equal(0, (await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf=2023-06-29"))["total"]!.GetValue<int>());

        // The same report again changes nothing.
        var admin = await host.ClientFor("admin");
        var round = region[..region.LastIndexOf('-')];
        await admin.PostJson("/api/rectification/imports", new { text = Report, roundCode = round });
        Assert.Equal(14, (await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf=2023-06-30"))["completed"]!.GetValue<int>());
        Assert.Equal(45, (await supervisor.GetJson($"/api/rectification/plans/{region}/tasks?asOf=2023-06-30")).AsArray().Count);
    }

    [Fact]
    public async Task The_ledger_filters_by_status_and_shows_what_was_overdue_as_of_a_date()
    {
        var (region, _) = await Import();
        var supervisor = await host.ClientFor("supervisor");
        var completed = (await supervisor.GetJson($"/api/rectification/plans/{region}/tasks?asOf=2023-06-30&status=CompletedAndKeptUp")).AsArray();
        Assert.Equal(10, completed.Count);
        Assert.All(completed, t => Assert.Equal("已完成，长期坚持", t!["statusAsWritten"]!.GetValue<string>()));

        var asOf = new DateOnly(2024, 1, 1);
        var expected = Parsed.Plans[0].Tasks.Where(t => !t.Overall!.Value.Status.IsCompleted() && t.EffectiveDeadline?.Date < asOf).Select(t => t.Number).ToList();
        Assert.NotEmpty(expected);
        var overdue = (await supervisor.GetJson($"/api/rectification/plans/{region}/tasks?asOf=2024-01-01&status=Overdue")).AsArray();
        Assert.Equal(expected, overdue.Select(t => t!["number"]!.GetValue<string>()));
        var summary = await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf=2024-01-01");
        Assert.Equal(expected.Count, summary["overdue"]!.GetValue<int>());
        Assert.False(summary["allOnSchedule"]!.GetValue<bool>());

        var byDeadline = (await supervisor.GetJson($"/api/rectification/plans/{region}/tasks?deadlineBy=2022-12-31")).AsArray();
        Assert.Equal(["五", "四十三"], byDeadline.Select(t => t!["number"]!.GetValue<string>()));

        var bad = await supervisor.GetAsync($"/api/rectification/plans/{region}/tasks?status=Finished");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Json())["errors"]!["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/rectification/plans/NOPE-650000/summary")).StatusCode);
    }

    [Fact]
    public async Task A_unit_reports_progress_and_a_supervisor_verifies_and_closes_the_task_and_can_reopen_it()
    {
        var (region, _) = await Import();
        var task = $"{region}-19";
        var admin = await host.ClientFor("admin");
        var assigned = await Send(admin, HttpMethod.Put, $"/api/rectification/tasks/{task}/responsibility", new { leadUnit = "654000", coUnits = new[] { "654200" }, leader = "分管副州长", reportEveryMonths = 1 });
        Assert.Equal("654000", assigned["leadUnit"]!["code"]!.GetValue<string>());

        var unit = await host.ClientFor("handler.654000");
        var other = await host.ClientFor("handler.650100");
        var supervisor = await host.ClientFor("supervisor");
        var today = Today.ToString("yyyy-MM-dd");

        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "OnSchedule", text = "进展" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "OnSchedule", text = "进展" })).StatusCode);
        var invalid = await unit.PostAsJsonAsync($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "Done", text = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Json())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("status") && errors.ContainsKey("text"));

        // The unit's handler sees the plan (through its task) and reports.
        Assert.Contains((await unit.GetJson("/api/rectification/plans")).AsArray(), p => p!["code"]!.GetValue<string>() == region);
        Assert.Single((await unit.GetJson($"/api/rectification/plans/{region}/tasks")).AsArray());
        var reported = await unit.PostJson($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "OnSchedule", text = "苏洛铁矿已停产整顿", evidence = "伊州环发〔2024〕1号" });
        Assert.Equal("达到序时进度，持续推进", reported["statusAsWritten"]!.GetValue<string>());
        Assert.Contains("ReportProgress", reported["actions"]!.AsArray().Select(a => a!.GetValue<string>()));

        // A reported completion waits for verification: it does not count yet.
        var claimed = await unit.PostJson($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "Completed", text = "全部整改到位", evidence = "验收申请" });
        Assert.NotNull(claimed["awaitingVerification"]);
        Assert.False(claimed["closed"]!.GetValue<bool>());
        await unit.PostJson($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "OnSchedule", text = "再报" }, 409);
        Assert.Equal(14, (await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf={today}"))["completed"]!.GetValue<int>());

        var noEvidence = await supervisor.PostAsJsonAsync($"/api/rectification/tasks/{task}/verification", new { asOf = today, evidence = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noEvidence.StatusCode);
        Assert.NotNull((await noEvidence.Json())["errors"]!["evidence"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await unit.PostAsJsonAsync($"/api/rectification/tasks/{task}/verification", new { asOf = today, evidence = "自证" })).StatusCode);

        var closed = await supervisor.PostJson($"/api/rectification/tasks/{task}/verification", new { asOf = today, evidence = "现场验收报告", note = "同意销号" });
        Assert.True(closed["closed"]!.GetValue<bool>());
        Assert.Equal("现场验收报告", closed["verification"]!["evidence"]!.GetValue<string>());
        Assert.Equal(15, (await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf={today}"))["completed"]!.GetValue<int>());
        Assert.Equal(14, (await supervisor.GetJson($"/api/rectification/plans/{region}/summary?asOf=2023-06-30"))["completed"]!.GetValue<int>());
        await unit.PostJson($"/api/rectification/tasks/{task}/progress", new { asOf = today, status = "OnSchedule", text = "继续" }, 409);
        await supervisor.PostJson($"/api/rectification/tasks/{task}/verification", new { asOf = today, evidence = "再验" }, 409);

        var reopened = await supervisor.PostJson($"/api/rectification/tasks/{task}/reopen", new { reason = "群众再次举报", asOf = today, newDeadline = "2030年6月底" });
        Assert.False(reopened["closed"]!.GetValue<bool>());
        Assert.Equal("2030-06-30", reopened["deadline"]!["date"]!.GetValue<string>());
        Assert.Equal(["Reopened", "Verified", "ProgressReported", "ProgressReported", "Assigned", "Imported"],
            reopened["timeline"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
        await supervisor.PostJson($"/api/rectification/tasks/{task}/reopen", new { reason = "再开", asOf = today }, 409);
    }

    [Fact]
    public async Task A_task_links_petition_cases_and_a_case_shows_its_task()
    {
        var (region, _) = await Import();
        var task = $"{region}-18";
        var driver = new CaseDriver(host);
        var caseNo = await driver.InProgress(new CaseSpec { Region = "654000" }, "654000");
        var supervisor = await host.ClientFor("supervisor");

        var linked = await supervisor.PostJson($"/api/rectification/tasks/{task}/cases", new { caseNo });
        var shown = Assert.Single(linked["linkedCases"]!.AsArray())!;
        Assert.Equal(caseNo, shown["caseNo"]!.GetValue<string>());
        Assert.Equal("InProgress", shown["status"]!.GetValue<string>());
        await supervisor.PostJson($"/api/rectification/tasks/{task}/cases", new { caseNo });

        var handler = await host.ClientFor("handler.654000");
        var tasks = (await handler.GetJson($"/api/rectification/cases/{caseNo}/tasks")).AsArray();
        Assert.Equal(task, Assert.Single(tasks)!["id"]!.GetValue<string>());

        var unknown = await supervisor.PostAsJsonAsync($"/api/rectification/tasks/{task}/cases", new { caseNo = "XF2099999999" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Json())["errors"]!["caseNo"]);
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.DeleteAsync($"/api/rectification/tasks/{task}/cases/XF2099999999")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.DeleteAsync($"/api/rectification/tasks/{task}/cases/{caseNo}")).StatusCode);
        Assert.Empty((await handler.GetJson($"/api/rectification/cases/{caseNo}/tasks")).AsArray());
    }

    [Fact]
    public async Task A_damaged_copy_is_refused_line_by_line_and_imports_nothing()
    {
        var round = await new CaseDriver(host).NewRound();
        var admin = await host.ClientFor("admin");
        var lines = Report.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith("整改进展情况：完成整改", StringComparison.Ordinal));
        lines[at] = "整改进展情况：基本完成";
        lines.RemoveAt(lines.FindIndex(l => l.StartsWith("三、2018年以来部分地州", StringComparison.Ordinal)));
        var before = await host.Scalar<long>("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = 'rectification-task'");

        var response = await admin.PostAsJsonAsync("/api/rectification/imports", new { text = string.Join('\n', lines), roundCode = round });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reasons = (await response.Json())["errors"]!["text"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(reasons, r => r.Contains("基本完成"));
        Assert.Contains(reasons, r => r.Contains("整改时限"));
        Assert.Equal(before, await host.Scalar<long>("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = 'rectification-task'"));
        Assert.DoesNotContain((await admin.GetJson("/api/rectification/plans")).AsArray(), p => p!["roundCode"]!.GetValue<string>() == round);

        var unknownRound = await admin.PostAsJsonAsync("/api/rectification/imports", new { text = Report, roundCode = "NOPE" });
        Assert.NotNull((await unknownRound.Json())["errors"]!["roundCode"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientFor("supervisor")).PostAsJsonAsync("/api/rectification/imports", new { text = Report, roundCode = round })).StatusCode);
    }

    [Fact]
    public async Task The_ledger_exports_to_xlsx_in_the_appendix_shape()
    {
        var (_, corps) = await Import();
        var supervisor = await host.ClientFor("supervisor");
        var response = await supervisor.GetAsync($"/api/rectification/plans/{corps}/export.xlsx?asOf=2023-06-30");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(30, rows.Count);
        Assert.Equal(19, rows.Count(r => Equals(r["整改进展情况"], "完成整改")));
        Assert.StartsWith("1.", (string)rows[0]["整改措施"]!);
    }

    private static async Task<JsonNode> Send(HttpClient client, HttpMethod method, string url, object body)
    {
        var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}

public sealed class LedgerApiOnSqlite(SqliteHost host) : LedgerApiTests(host), IClassFixture<SqliteHost>;

public sealed class LedgerApiOnPostgres(PostgresHost host) : LedgerApiTests(host), IClassFixture<PostgresHost>;
