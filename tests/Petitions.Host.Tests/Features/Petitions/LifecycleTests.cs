using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>Cases going through their life by the API, as the demo users: every action, its version, ETag and timeline.</summary>
public abstract class LifecycleTests(PetitionsHost host)
{
    private readonly CaseDriver steps = new(host);

    [Fact]
    public async Task The_happy_path_from_registration_to_final_closing_is_one_version_and_one_timeline_entry_per_action()
    {
        var intake = await steps.Intake;
        var handler = await steps.LeadHandler;
        var supervisor = await steps.Supervisor;
        var started = steps.Now;

        var created = await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), Lead, receivedAt: started.AddDays(-1)), 201);
        var caseNo = created["caseNo"]!.GetValue<string>();
        Assert.Equal(1, created["version"]!.GetValue<int>());

        (HttpClient Client, string Action, object? Body, string Status)[] path =
        [
            (intake, "assign", new { leadUnit = Lead, coUnits = Array.Empty<string>() }, "Assigned"),
            (handler, "accept", null, "InProgress"),
            (handler, "site-visits", steps.VisitBody(), "InProgress"),
            (handler, "result", ResultBody(), "ResultSubmitted"),
            (handler, "callbacks", steps.CallbackBody(), "ResultSubmitted"),
            (supervisor, "close", FinalClose, "Closed"),
        ];
        var version = 1;
        foreach (var (client, action, body, status) in path)
        {
            var response = await Send(client, caseNo, action, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {text}");
            var view = JsonNode.Parse(text)!;
            version++;
            Assert.Equal(version, Version(view));
            Assert.Equal($"\"{version}\"", response.Headers.ETag!.Tag);
            Assert.Equal(status, Status(view));
        }

        var get = await supervisor.GetAsync($"/api/petitions/{caseNo}");
        Assert.Equal("\"7\"", get.Headers.ETag!.Tag);
        var petition = await get.Json();
        Assert.Equal("Closed", Status(petition));
        Assert.Equal(7, Version(petition));
        Assert.Equal("Final", petition["closure"]!["kind"]!.GetValue<string>());
        Assert.True(petition["closure"]!["onTime"]!.GetValue<bool>());
        Assert.True(petition["callbackRequirementMet"]!.GetValue<bool>());
        Assert.Equal("Satisfied", petition["satisfaction"]!.GetValue<string>());
        Assert.Equal("Substantiated", petition["result"]!["verdict"]!.GetValue<string>());
        Assert.Single(petition["siteVisits"]!.AsArray());
        Assert.False(petition["overdue"]!.GetValue<bool>());

        var timeline = petition["timeline"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(["Registered", "Assigned", "Accepted", "SiteVisitLogged", "ResultSubmitted", "CallbackLogged", "Closed"], Types(petition));
        Assert.Equal(["intake", "intake", "handler.654000", "handler.654000", "handler.654000", "handler.654000", "supervisor"],
            timeline.Select(e => e["actor"]!["id"]!.GetValue<string>()));
        Assert.All(timeline, e => Assert.False(string.IsNullOrWhiteSpace(e["actor"]!["name"]!.GetValue<string>())));
        Assert.Equal(Enumerable.Range(1, 7), timeline.Select(e => e["seq"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(1, 7), timeline.Select(e => e["version"]!.GetValue<int>()));
        var times = timeline.Select(e => e["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, at => Assert.InRange(at, started.AddSeconds(-5), steps.Now.AddSeconds(5)));
        Assert.Equal("Final", timeline[^1]["data"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dissatisfied_callback_puts_the_case_back_in_progress_on_the_problem_list()
    {
        var caseNo = await steps.ResultSubmitted();
        var view = await Act(await steps.LeadHandler, caseNo, "callbacks", steps.CallbackBody("Dissatisfied", note: "异味仍然存在"));

        Assert.Equal("InProgress", Status(view));
        var entry = view["problemListEntry"]!;
        Assert.Equal("Dissatisfied", entry["source"]!.GetValue<string>());
        Assert.Contains("异味仍然存在", entry["reason"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(entry["responsiblePerson"]!.GetValue<string>()));
        Assert.True(entry["dueAt"]!.GetValue<DateTimeOffset>() > steps.Now);
        Assert.Equal(["CallbackLogged", "Reopened"], Types(view).TakeLast(2));
        Assert.Equal(view["dueAt"]!.GetValue<DateTimeOffset>(), entry["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task An_approved_extension_moves_the_deadline_by_its_days_in_China_calendar_days_and_only_once()
    {
        var caseNo = await steps.InProgress();
        var handler = await steps.LeadHandler;
        var supervisor = await steps.Supervisor;
        var dueBefore = (await steps.Read(caseNo))["dueAt"]!.GetValue<DateTimeOffset>();

        var requested = await Act(handler, caseNo, "extension", new { days = 20, reason = "涉及多部门联合执法，需延长办理期限" });
        Assert.Equal("Pending", requested["extension"]!["status"]!.GetValue<string>());
        Assert.Equal(dueBefore, requested["dueAt"]!.GetValue<DateTimeOffset>());

        var approved = await Act(supervisor, caseNo, "extension/approve");
        var dueAfter = approved["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal("Approved", approved["extension"]!["status"]!.GetValue<string>());
        Assert.Equal(ChinaTime.DateOf(dueBefore).AddDays(20), ChinaTime.DateOf(dueAfter));
        Assert.Equal(dueBefore.AddDays(20), dueAfter);
        Assert.Equal(dueAfter, approved["handlingDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(["ExtensionRequested", "ExtensionApproved"], Types(approved).TakeLast(2));

        var again = await Act(handler, caseNo, "extension", new { days = 5, reason = "再次申请" }, 409);
        Assert.Equal("ExtensionAlreadyUsed", again["rule"]!.GetValue<string>());
        Assert.Equal("InProgress", again["currentStatus"]!.GetValue<string>());

        var tooLong = await Act(handler, caseNo, "extension", new { days = 31, reason = "情况复杂" }, 400);
        Assert.True(tooLong["errors"]!.AsObject().ContainsKey("days"), tooLong.ToJsonString());
        Assert.Equal(Version(approved), Version(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task A_refused_extension_leaves_the_deadline_and_says_why()
    {
        var caseNo = await steps.InProgress();
        var dueBefore = (await steps.Read(caseNo))["dueAt"]!.GetValue<DateTimeOffset>();
        await Act(await steps.LeadHandler, caseNo, "extension", new { days = 10, reason = "企业停产" });

        var refused = await Act(await steps.Supervisor, caseNo, "extension/refuse", new { reason = "理由不充分" });
        Assert.Equal("Refused", refused["extension"]!["status"]!.GetValue<string>());
        Assert.Equal("理由不充分", refused["extension"]!["decisionNote"]!.GetValue<string>());
        Assert.Equal(dueBefore, refused["dueAt"]!.GetValue<DateTimeOffset>());

        var nothingPending = await Act(await steps.Supervisor, caseNo, "extension/approve", null, 409);
        Assert.Equal("NoPendingExtension", nothingPending["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_transferred_case_lands_assigned_at_the_new_unit_and_the_old_units_handler_loses_it()
    {
        var caseNo = await steps.InProgress(withCoUnit: false);
        var oldHandler = await steps.LeadHandler;
        var newHandler = await steps.OtherHandler;

        var transferred = await Act(oldHandler, caseNo, "transfer", new { toUnit = Elsewhere, reason = "属地管辖：企业位于乌鲁木齐市" });
        Assert.Equal("Assigned", Status(transferred));
        Assert.Equal(Elsewhere, transferred["leadUnit"]!.GetValue<string>());
        Assert.Equal("乌鲁木齐市", transferred["leadUnitName"]!.GetValue<string>());
        Assert.Null(transferred["acceptedAt"]);
        Assert.Equal("Transferred", Types(transferred).Last());

        await oldHandler.GetJson($"/api/petitions/{caseNo}", 404);
        await Act(oldHandler, caseNo, "accept", null, 404);
        var accepted = await Act(newHandler, caseNo, "accept");
        Assert.Equal("InProgress", Status(accepted));
    }

    [Fact]
    public async Task A_supervisor_transfers_a_case_and_the_same_unit_is_refused()
    {
        var caseNo = await steps.Assigned();
        var supervisor = await steps.Supervisor;
        var same = await Act(supervisor, caseNo, "transfer", new { toUnit = Lead, reason = "重新交办" }, 400);
        Assert.True(same["errors"]!.AsObject().ContainsKey("toUnit"), same.ToJsonString());

        var moved = await Act(supervisor, caseNo, "transfer", new { toUnit = CoUnit, reason = "由塔城地区主办" });
        Assert.Equal(CoUnit, moved["leadUnit"]!.GetValue<string>());
        Assert.Empty(moved["coUnits"]!.AsArray());
    }

    [Fact]
    public async Task A_registered_complaint_can_be_not_accepted_with_a_reason_and_then_nothing_else_applies()
    {
        var caseNo = await steps.Registered();
        var view = await Act(await steps.Intake, caseNo, "not-accept", new { reason = "不属于生态环境部门职责范围" });
        Assert.Equal("NotAccepted", Status(view));
        Assert.Equal("不属于生态环境部门职责范围", view["notAcceptedReason"]!.GetValue<string>());
        Assert.Null(view["dueAt"]);

        var assign = await Act(await steps.Intake, caseNo, "assign", new { leadUnit = Lead }, 409);
        Assert.Equal("NotAccepted", assign["currentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stage_closure_keeps_the_case_on_the_problem_list_which_a_supervisor_adjusts_until_the_final_closing()
    {
        var caseNo = await steps.ReadyToClose();
        var supervisor = await steps.Supervisor;
        var rectificationDue = steps.Now.AddDays(90);

        var stage = await Act(supervisor, caseNo, "close", new { kind = "Stage", note = "完成整改方案，设施改造推进中", rectificationDueAt = rectificationDue });
        Assert.Equal("Closed", Status(stage));
        Assert.Equal("Stage", stage["closure"]!["kind"]!.GetValue<string>());
        Assert.Equal("StageClosure", stage["problemListEntry"]!["source"]!.GetValue<string>());
        Assert.Equal(rectificationDue.ToUniversalTime(), stage["problemListEntry"]!["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));

        var newDue = steps.Now.AddDays(120);
        var adjusted = await Act(supervisor, caseNo, "problem-list", new { target = "完成脱硫设施改造并验收", dueAt = newDue, responsiblePerson = "王局长" });
        var entry = adjusted["problemListEntry"]!;
        Assert.Equal("完成脱硫设施改造并验收", entry["target"]!.GetValue<string>());
        Assert.Equal("王局长", entry["responsiblePerson"]!.GetValue<string>());
        Assert.Equal(newDue.ToUniversalTime(), entry["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("ProblemEntryAdjusted", Types(adjusted).Last());

        var final = await Act(supervisor, caseNo, "close", FinalClose);
        Assert.Equal("Final", final["closure"]!["kind"]!.GetValue<string>());
        Assert.Null(final["problemListEntry"]);

        var notOnList = await Act(supervisor, caseNo, "problem-list", new { target = "x", dueAt = newDue, responsiblePerson = "王局长" }, 409);
        Assert.Equal("NoProblemEntry", notOnList["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_supervisor_reopens_a_closed_case_with_a_target_a_deadline_and_a_responsible_person()
    {
        var caseNo = await steps.Closed();
        var due = steps.Now.AddDays(30);
        var reopened = await Act(await steps.Supervisor, caseNo, "reopen",
            new { reason = "回头看发现问题反弹", target = "彻底整改到位", dueAt = due, responsiblePerson = "李副州长" });

        Assert.Equal("InProgress", Status(reopened));
        var entry = reopened["problemListEntry"]!;
        Assert.Equal("Supervisor", entry["source"]!.GetValue<string>());
        Assert.Equal("彻底整改到位", entry["target"]!.GetValue<string>());
        Assert.Equal("李副州长", entry["responsiblePerson"]!.GetValue<string>());
        Assert.Equal(due.ToUniversalTime(), reopened["dueAt"]!.GetValue<DateTimeOffset>(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("Reopened", Types(reopened).Last());
    }

    [Fact]
    public async Task A_supervision_notice_is_issued_answered_once_by_the_lead_unit_and_a_leader_is_named()
    {
        var caseNo = await steps.InProgress();
        var supervisor = await steps.Supervisor;
        var handler = await steps.LeadHandler;

        var issued = await Act(supervisor, caseNo, "supervise", new { note = "请于三日内报告办理进展", replyDueAt = steps.Now.AddDays(3) });
        var notice = Assert.Single(issued["supervisionNotices"]!.AsArray())!;
        Assert.Equal(1, notice["no"]!.GetValue<int>());

        var replied = await Act(handler, caseNo, "supervision/1/reply", new { reply = "已开展联合执法，企业停产整改" });
        Assert.Equal("已开展联合执法，企业停产整改", replied["supervisionNotices"]![0]!["reply"]!.GetValue<string>());
        Assert.Equal("handler.654000", replied["supervisionNotices"]![0]!["repliedBy"]!.GetValue<string>());

        var twice = await Act(handler, caseNo, "supervision/1/reply", new { reply = "再次回复" }, 409);
        Assert.Equal("NoticeAlreadyReplied", twice["rule"]!.GetValue<string>());
        var unknown = await Act(handler, caseNo, "supervision/9/reply", new { reply = "回复" }, 400);
        Assert.True(unknown["errors"]!.AsObject().ContainsKey("noticeNo"), unknown.ToJsonString());

        var leader = await Act(supervisor, caseNo, "leader", new { name = "李明", title = "伊犁州副州长" });
        Assert.Equal("李明", leader["leader"]!["name"]!.GetValue<string>());
        Assert.Equal("伊犁州副州长", leader["leader"]!["title"]!.GetValue<string>());
        Assert.Equal(["SupervisionNoticeIssued", "SupervisionNoticeReplied", "LeaderOwnerNamed"], Types(leader).TakeLast(3));
    }

    [Fact]
    public async Task Actions_without_a_body_accept_none_an_empty_one_or_any_and_actions_with_one_need_json()
    {
        var handler = await steps.LeadHandler;
        var none = await steps.Assigned();
        Assert.Equal(HttpStatusCode.OK, (await handler.PostAsync(Url(none, "accept"), null)).StatusCode);
        var empty = await steps.Assigned();
        Assert.Equal(HttpStatusCode.OK, (await handler.PostAsync(Url(empty, "accept"), new StringContent("", Encoding.UTF8, "application/json"))).StatusCode);
        var emptyObject = await steps.Assigned();
        Assert.Equal(HttpStatusCode.OK, (await handler.PostAsync(Url(emptyObject, "accept"), new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        var version = Version(await steps.Read(none));
        foreach (var content in new HttpContent?[]
                 {
                     null,
                     new StringContent("", Encoding.UTF8, "application/json"),
                     new StringContent("not json", Encoding.UTF8, "application/json"),
                     new StringContent("{\"visitedAt\": ", Encoding.UTF8, "application/json"),
                     new StringContent("null", Encoding.UTF8, "application/json"),
                     new StringContent("[1,2]", Encoding.UTF8, "application/json"),
                 })
        {
            var response = await handler.PostAsync(Url(none, "site-visits"), content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{content?.Headers.ContentType}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        // A body that does not even claim to be JSON is refused for its media type.
        var plain = await handler.PostAsync(Url(none, "site-visits"), new StringContent("visitedAt=now", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(version, Version(await steps.Read(none)));
    }

    [Fact]
    public async Task An_action_on_an_unknown_case_is_404()
    {
        var problem = await Act(await steps.LeadHandler, "XF2026999999", "site-visits", steps.VisitBody(), 404);
        Assert.Equal(404, problem["status"]!.GetValue<int>());
        await Act(await steps.Supervisor, "no-such-case", "close", FinalClose, 404);
        await Act(await steps.Intake, "XF2026999998", "complainant/reveal", null, 404);
    }
}

public sealed class LifecycleOnSqlite(SqliteHost host) : LifecycleTests(host), IClassFixture<SqliteHost>;

public sealed class LifecycleOnPostgres(PostgresHost host) : LifecycleTests(host), IClassFixture<PostgresHost>;
