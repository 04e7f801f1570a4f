using System.Text.Json.Nodes;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Triage;

/// <summary>
/// Case types, diversion (转送) and urgent matters (重大紧急) through the API: registration with a type and an urgent
/// flag, diverting with the notice on the timeline, diverted cases out of the completion denominator and in their own
/// list, the urgent list, the upward report, and the 400s and 409s.
/// </summary>
public abstract class TriageTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    private DateTimeOffset Now => host.Clock.GetUtcNow();

    private async Task<JsonNode> RegisterUrgent(string kind = "Emergency", string type = "Appeal")
    {
        var body = Complaints.Valid(Now, CaseDriver.Lead)
            .With("type", type)
            .With("urgent", new { kind, reason = "河道大面积死鱼，疑似化工厂偷排" });
        return await (await cases.Intake).PostJson("/api/petitions", body, 201);
    }

    private async Task<JsonNode> Stats() => (await (await cases.Supervisor).GetJson($"/api/stats/completion?unit={CaseDriver.Lead}")).AsArray().Single()!;

    private static int Count(JsonNode row, string field) => row[field]!.GetValue<int>();

    [Fact]
    public async Task A_registration_keeps_its_type_and_urgent_flag_and_the_type_defaults_to_accusation()
    {
        var created = await RegisterUrgent(kind: "MassIncident", type: "Suggestion");
        var caseNo = created["caseNo"]!.GetValue<string>();

        var petition = await cases.Read(caseNo);
        Assert.Equal("Suggestion", petition["type"]!.GetValue<string>());
        Assert.Equal("MassIncident", petition["urgent"]!["kind"]!.GetValue<string>());
        Assert.Equal("河道大面积死鱼，疑似化工厂偷排", petition["urgent"]!["reason"]!.GetValue<string>());
        Assert.Empty(petition["urgent"]!["reports"]!.AsArray());
        Assert.Contains("UrgentFlagged", CaseDriver.Types(petition));

        var plain = await cases.Registered();
        var read = await cases.Read(plain);
        Assert.Equal("Accusation", read["type"]!.GetValue<string>());
        Assert.Null(read["urgent"]);
    }

    [Theory]
    [InlineData("type", "Complaint", "type")]
    [InlineData("urgent", "bad-kind", "urgent.kind")]
    [InlineData("urgent", "no-reason", "urgent.reason")]
    public async Task A_malformed_type_or_urgent_flag_is_a_400_naming_the_field_and_registers_nothing(string key, string what, string field)
    {
        object value = what switch
        {
            "bad-kind" => new { kind = "Flood", reason = "洪水" },
            "no-reason" => new { kind = "Emergency", reason = " " },
            _ => what,
        };
        var before = await host.StoredCases();
        var problem = await (await cases.Intake).PostJson("/api/petitions", Complaints.Valid(Now, CaseDriver.Lead).With(key, value), 400);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await host.StoredCases());
    }

    [Fact]
    public async Task Diverting_ends_the_case_with_the_body_reason_and_notice_on_the_timeline()
    {
        var caseNo = await cases.InProgress();
        var diverted = await CaseDriver.Act(await cases.Supervisor, caseNo, "divert",
            new { body = "DisciplineInspection", bodyName = "伊犁州纪委监委", reason = "反映的是环保局工作人员收受企业财物问题" });

        Assert.Equal("Diverted", CaseDriver.Status(diverted));
        Assert.Null(diverted["dueAt"]);
        Assert.False(diverted["overdue"]!.GetValue<bool>());
        var diversion = diverted["diversion"]!;
        Assert.Equal("DisciplineInspection", diversion["body"]!.GetValue<string>());
        Assert.Equal("伊犁州纪委监委", diversion["bodyName"]!.GetValue<string>());
        // The standard notice names the receiving body and the reason, and is kept on the timeline as given.
        var notice = diversion["notice"]!.GetValue<string>();
        Assert.Contains("伊犁州纪委监委", notice);
        Assert.Contains("收受企业财物", notice);
        var entry = diverted["timeline"]!.AsArray().Last()!;
        Assert.Equal("Diverted", entry["type"]!.GetValue<string>());
        Assert.Equal(notice, entry["data"]!["notice"]!.GetValue<string>());
        var allowed = diverted["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.All(new[] { "Divert", "Transfer", "Result", "SiteVisit", "Close", "Supervise" }, a => Assert.DoesNotContain(a, allowed));

        // Diverted is terminal: diverting again, or any handling, is a 409 naming the rule.
        var again = await CaseDriver.Act(await cases.Intake, caseNo, "divert", new { body = "PoliticalLegal", reason = "涉诉" }, 409);
        Assert.Equal("TransitionNotAllowed", again["rule"]!.GetValue<string>());
        await CaseDriver.Act(await cases.LeadHandler, caseNo, "result", CaseDriver.ResultBody(), 409);
    }

    [Fact]
    public async Task A_notice_written_by_intake_is_kept_and_other_bodies_are_named()
    {
        var caseNo = await cases.Registered();
        const string notice = "您反映的征地补偿问题已转送伊宁市人民政府行政复议办公室，请向其申请行政复议。";
        var diverted = await CaseDriver.Act(await cases.Intake, caseNo, "divert",
            new { body = "Other", bodyName = "伊宁市自然资源局", reason = "属于征地补偿纠纷", notice });
        Assert.Equal(notice, diverted["diversion"]!["notice"]!.GetValue<string>());
        Assert.Equal("Other", diverted["diversion"]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_case_with_a_result_is_not_diverted()
    {
        var caseNo = await cases.ResultSubmitted();
        var version = CaseDriver.Version(await cases.Read(caseNo));
        var refused = await CaseDriver.Act(await cases.Supervisor, caseNo, "divert", new { body = "PoliticalLegal", reason = "已起诉" }, 409);
        Assert.Equal("TransitionNotAllowed", refused["rule"]!.GetValue<string>());
        Assert.Equal("ResultSubmitted", refused["currentStatus"]!.GetValue<string>());
        Assert.Equal(version, CaseDriver.Version(await cases.Read(caseNo)));
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("{\"body\":\"Court\",\"reason\":\"涉诉\"}", "body")]
    [InlineData("{\"body\":\"Other\",\"reason\":\"涉诉\"}", "bodyName")]
    [InlineData("{\"body\":\"PoliticalLegal\"}", "reason")]
    public async Task A_malformed_diversion_is_a_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var caseNo = await cases.Registered();
        var version = CaseDriver.Version(await cases.Read(caseNo));
        var problem = await CaseDriver.Act(await cases.Supervisor, caseNo, "divert", JsonNode.Parse(json)!, 400);
        Assert.NotNull(problem["errors"]![field]);
        var after = await cases.Read(caseNo);
        Assert.Equal(version, CaseDriver.Version(after));
        Assert.Equal("Registered", CaseDriver.Status(after));
    }

    [Fact]
    public async Task A_diverted_case_is_counted_as_diverted_and_not_in_the_completion_denominator()
    {
        var before = await Stats();
        var caseNo = await cases.Assigned();
        var registered = await Stats();
        Assert.Equal(Count(before, "total") + 1, Count(registered, "total"));

        await CaseDriver.Act(await cases.Intake, caseNo, "divert", new { body = "AdministrativeReconsideration", reason = "对行政处罚决定不服" });
        var after = await Stats();
        Assert.Equal(Count(before, "total"), Count(after, "total"));
        Assert.Equal(Count(before, "diverted") + 1, Count(after, "diverted"));
        Assert.Equal(Count(before, "open"), Count(after, "open"));
        Assert.Equal(Count(before, "notAccepted"), Count(after, "notAccepted"));
        var closed = Count(after, "closed");
        var total = Count(after, "total");
        Assert.Equal(total == 0 ? null : Math.Round(closed * 100m / total, 1, MidpointRounding.AwayFromZero), after["completionRate"]?.GetValue<decimal>());
    }

    [Fact]
    public async Task Diverted_cases_have_their_own_list()
    {
        var diverted = await cases.Registered();
        await CaseDriver.Act(await cases.Intake, diverted, "divert", new { body = "PoliticalLegal", reason = "该纠纷已进入诉讼程序" });
        var open = await cases.Registered();

        var list = await (await cases.Supervisor).GetJson($"/api/petitions?status=Diverted&unit={CaseDriver.Lead}&pageSize=200");
        var items = list["items"]!.AsArray();
        Assert.All(items, i => Assert.Equal("Diverted", i!["status"]!.GetValue<string>()));
        var item = items.Single(i => i!["caseNo"]!.GetValue<string>() == diverted)!;
        Assert.Equal("PoliticalLegal", item["divertedTo"]!.GetValue<string>());
        Assert.DoesNotContain(items, i => i!["caseNo"]!.GetValue<string>() == open);
        // Not an open case: not on the open-case queues.
        Assert.Null(item["daysLeft"]);
    }

    [Fact]
    public async Task Urgent_cases_are_listed_for_supervisors_in_scope_with_their_upward_reports()
    {
        var urgent = (await RegisterUrgent())["caseNo"]!.GetValue<string>();
        var plain = await cases.Registered();

        var list = (await (await cases.Supervisor).GetJson($"/api/petitions?urgent=true&status=Registered&unit={CaseDriver.Lead}&pageSize=200"))["items"]!.AsArray();
        var item = list.Single(i => i!["caseNo"]!.GetValue<string>() == urgent)!;
        Assert.Equal("Emergency", item["urgent"]!.GetValue<string>());
        Assert.Equal(0, item["urgentReports"]!.GetValue<int>());
        Assert.Equal("Appeal", item["type"]!.GetValue<string>());
        Assert.DoesNotContain(list, i => i!["caseNo"]!.GetValue<string>() == plain);
        var others = (await (await cases.Supervisor).GetJson($"/api/petitions?urgent=false&unit={CaseDriver.Lead}&pageSize=200"))["items"]!.AsArray();
        Assert.DoesNotContain(others, i => i!["caseNo"]!.GetValue<string>() == urgent);

        // Another unit's handler does not see it.
        var elsewhere = (await (await cases.OtherHandler).GetJson("/api/petitions?urgent=true&pageSize=200"))["items"]!.AsArray();
        Assert.DoesNotContain(elsewhere, i => i!["caseNo"]!.GetValue<string>() == urgent);

        var reportedAt = Now.AddMinutes(-20);
        var reported = await CaseDriver.Act(await cases.Supervisor, urgent, "urgent-reports",
            new { informed = "自治区生态环境厅总值班室", reportedAt, note = "电话报告，值班员已记录" });
        var report = reported["urgent"]!["reports"]!.AsArray().Single()!;
        Assert.Equal("自治区生态环境厅总值班室", report["informed"]!.GetValue<string>());
        Assert.Equal(reportedAt, report["reportedAt"]!.GetValue<DateTimeOffset>());
        var entry = reported["timeline"]!.AsArray().Last()!;
        Assert.Equal("UrgentReported", entry["type"]!.GetValue<string>());
        Assert.Equal("supervisor", entry["actor"]!["id"]!.GetValue<string>());

        var after = (await (await cases.Supervisor).GetJson($"/api/petitions?urgent=true&unit={CaseDriver.Lead}&pageSize=200"))["items"]!.AsArray();
        Assert.Equal(1, after.Single(i => i!["caseNo"]!.GetValue<string>() == urgent)!["urgentReports"]!.GetValue<int>());
    }

    [Fact]
    public async Task Intake_flags_an_existing_case_urgent_once_and_only_an_urgent_case_is_reported()
    {
        var caseNo = await cases.Assigned();
        var notUrgent = await CaseDriver.Act(await cases.Supervisor, caseNo, "urgent-reports", new { informed = "总值班室", reportedAt = Now }, 409);
        Assert.Equal("NotUrgent", notUrgent["rule"]!.GetValue<string>());

        var flagged = await CaseDriver.Act(await cases.Intake, caseNo, "urgent", new { kind = "MassIncident", reason = "上百名村民聚集在厂门口" });
        Assert.Equal("MassIncident", flagged["urgent"]!["kind"]!.GetValue<string>());
        Assert.Equal("Assigned", CaseDriver.Status(flagged));

        var again = await CaseDriver.Act(await cases.Intake, caseNo, "urgent", new { kind = "Emergency", reason = "再次标记" }, 409);
        Assert.Equal("AlreadyUrgent", again["rule"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("urgent", "{\"kind\":\"Fire\",\"reason\":\"火灾\"}", "kind")]
    [InlineData("urgent", "{\"kind\":\"Emergency\"}", "reason")]
    [InlineData("urgent-reports", "{\"reportedAt\":\"2020-01-01T00:00:00Z\"}", "informed")]
    [InlineData("urgent-reports", "{\"informed\":\"总值班室\"}", "reportedAt")]
    [InlineData("urgent-reports", "{\"informed\":\"总值班室\",\"reportedAt\":\"2999-01-01T00:00:00Z\"}", "reportedAt")]
    public async Task Malformed_urgent_requests_are_400s_naming_the_field(string action, string json, string field)
    {
        var caseNo = (await RegisterUrgent())["caseNo"]!.GetValue<string>();
        var version = CaseDriver.Version(await cases.Read(caseNo));
        var problem = await CaseDriver.Act(await cases.Supervisor, caseNo, action, JsonNode.Parse(json)!, 400);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(version, CaseDriver.Version(await cases.Read(caseNo)));
    }

    [Fact]
    public async Task A_report_dated_before_the_complaint_was_received_is_a_400()
    {
        var caseNo = (await RegisterUrgent())["caseNo"]!.GetValue<string>();
        var problem = await CaseDriver.Act(await cases.Supervisor, caseNo, "urgent-reports", new { informed = "总值班室", reportedAt = Now.AddDays(-30) }, 400);
        Assert.NotNull(problem["errors"]!["reportedAt"]);
    }
}

public sealed class TriageOnSqlite(SqliteHost host) : TriageTests(host), IClassFixture<SqliteHost>;

public sealed class TriageOnPostgres(PostgresHost host) : TriageTests(host), IClassFixture<PostgresHost>;
