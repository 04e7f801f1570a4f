using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Repeats;

public abstract class RepeatComplaintTests(PetitionsHost host)
{
    private static string Unique(string name) => $"{name}{Guid.NewGuid().ToString("N")[..6]}";

    private static string RandomPhone() => $"137{Random.Shared.Next(10000000, 99999999)}";

    private async Task<JsonNode> Register(HttpClient intake, string region, string target, string? address = null, string? phone = null)
    {
        var body = Complaints.Valid(host.Clock.GetUtcNow(), region, target, host.Clock.GetUtcNow().AddDays(-3)).With("address", address ?? $"某区某路{Random.Shared.Next(1, 999)}号")
            .With("complainant", new { name = "王五", phone = phone ?? RandomPhone(), anonymous = false });
        return await intake.PostJson("/api/petitions", body, 201);
    }

    [Fact]
    public async Task The_same_company_written_differently_in_the_same_region_is_linked_and_flagged_but_not_in_another_region()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("天山化工");
        var first = await Register(intake, "650100", $"新疆{name}有限责任公司");
        var firstNo = first["caseNo"]!.GetValue<string>();
        Assert.Null(first["repeatOf"]?.GetValue<string>());

        var second = await Register(intake, "650100", $" 新疆 {name}（有限责任公司） ");
        Assert.Equal(firstNo, second["repeatOf"]!.GetValue<string>());
        var third = await Register(intake, "650100", $"新疆{name.ToUpperInvariant()}股份有限公司");
        Assert.Equal(firstNo, third["repeatOf"]!.GetValue<string>());

        var elsewhere = await Register(intake, "652300", $"新疆{name}有限责任公司");
        Assert.Null(elsewhere["repeatOf"]?.GetValue<string>());

        var repeat = await intake.GetJson($"/api/petitions/{second["caseNo"]}");
        Assert.True(repeat["isRepeat"]!.GetValue<bool>());
        var linked = repeat["timeline"]!.AsArray().Last()!;
        Assert.Equal("RepeatLinked", linked["type"]!.GetValue<string>());
        Assert.Equal("system", linked["actor"]!["id"]!.GetValue<string>());

        var original = await intake.GetJson($"/api/petitions/{firstNo}");
        Assert.Equal(2, original["repeats"]!.AsArray().Count);
        Assert.False(original["isRepeat"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Near_matches_are_suggested_with_a_score_and_exact_matches_rank_first()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("准东煤电");
        var exact = await Register(intake, "652300", $"{name}有限公司", "昌吉州准东经济技术开发区五彩湾");
        var near = await Register(intake, "652300", $"{name}五彩湾电厂", "吉木萨尔县北三台镇");

        Assert.Contains(near["possibleRepeats"]!.AsArray(), p => p!["caseNo"]!.GetValue<string>() == exact["caseNo"]!.GetValue<string>()
            && p["reason"]!.GetValue<string>() == "SimilarTarget" && p["score"]!.GetValue<double>() is > 0.5 and < 1);

        var check = (await intake.PostJson("/api/petitions/repeat-check",
            new { regionCode = "652300", target = $"{name}（有限公司）", address = "准东经济技术开发区五彩湾" })).AsArray();
        Assert.Equal(exact["caseNo"]!.GetValue<string>(), check[0]!["caseNo"]!.GetValue<string>());
        Assert.Equal(1.0, check[0]!["score"]!.GetValue<double>());
        Assert.Equal("SameTarget", check[0]!["reason"]!.GetValue<string>());
        Assert.Contains(check, c => c!["caseNo"]!.GetValue<string>() == near["caseNo"]!.GetValue<string>());
        Assert.All(check.Zip(check.Skip(1)), pair => Assert.True(pair.First!["score"]!.GetValue<double>() >= pair.Second!["score"]!.GetValue<double>()));

        var unrelated = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "652300", target = Unique("完全无关的养殖场") })).AsArray();
        Assert.Empty(unrelated);
    }

    [Fact]
    public async Task The_same_phone_in_the_same_region_within_twelve_months_is_suggested_and_the_phone_alone_is_enough()
    {
        var intake = await host.ClientFor("intake");
        var phone = $"139{Random.Shared.Next(10000000, 99999999)}";
        var first = await Register(intake, "653100", Unique("喀什某砖厂"), phone: phone);
        var check = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653100", target = Unique("喀什另一家企业"), phone })).AsArray();
        var match = Assert.Single(check);
        Assert.Equal(first["caseNo"]!.GetValue<string>(), match!["caseNo"]!.GetValue<string>());
        Assert.Equal("SamePhone", match["reason"]!.GetValue<string>());
        Assert.Equal("SamePhone", match["kind"]!.GetValue<string>());
        Assert.False(match["willLink"]!.GetValue<bool>());

        // "Has this caller complained before?": the region and the phone, no target.
        var phoneOnly = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653100", phone })).AsArray();
        Assert.Equal(No(first), No(Assert.Single(phoneOnly)!));
        var neither = await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653100" }, 400);
        Assert.NotNull(neither["errors"]!["target"]);

        var otherRegion = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653200", target = Unique("和田企业"), phone })).AsArray();
        Assert.Empty(otherRegion);
    }

    [Fact]
    public async Task The_case_list_is_searched_by_phone_through_its_keyed_hash_by_those_who_may_see_the_complainant()
    {
        var intake = await host.ClientFor("intake");
        var phone = $"136{Random.Shared.Next(10000000, 99999999)}";
        var a = No(await Register(intake, "654000", Unique("伊宁某木业"), phone: phone));
        var b = No(await Register(intake, "654000", Unique("伊宁某砂场"), phone: phone));
        await Register(intake, "654000", Unique("伊宁某砖厂"));

        var found = (await intake.GetJson($"/api/petitions?phone={phone}&pageSize=200"))["items"]!.AsArray().Select(i => No(i!)).Order().ToList();
        Assert.Equal(new[] { a, b }.Order(), found);
        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(2, (await supervisor.GetJson($"/api/petitions?phone={phone}"))["total"]!.GetValue<int>());

        var handler = await host.ClientFor("handler.654000");
        await handler.GetJson($"/api/petitions?phone={phone}", 403);
        await handler.GetJson("/api/petitions?unit=654000");
        await intake.GetJson("/api/petitions?phone=12", 400);

        // The read model holds the keyed hash, never the number.
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE phone_hash = @phone OR description LIKE @like OR target LIKE @like",
            new { phone, like = $"%{phone}%" }));
        Assert.Equal(2, await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE phone_hash IS NOT NULL AND case_no IN (@a, @b)", new { a, b }));
    }

    private static string No(JsonNode node) => node["caseNo"]!.GetValue<string>();

    private static async Task<JsonNode> RoundStats(HttpClient client, string round) => (await client.GetJson($"/api/stats/completion?round={round}")).AsArray().Single()!;

    [Fact]
    public async Task A_same_matter_repeat_of_a_closed_case_changes_neither_the_case_nor_its_round_rate_until_a_supervisor_reopens_it()
    {
        var intake = await host.ClientFor("intake");
        var supervisor = await host.ClientFor("supervisor");
        var driver = new CaseDriver(host);
        var round = await driver.NewRound();
        var name = Unique("乌鲁木齐某热力");
        var originalNo = await driver.Closed(new CaseSpec { Round = round, Region = "650100", Target = $"{name}有限公司", Categories = ["Air"] }, "650100");
        var open = await driver.Assigned(new CaseSpec { Round = round, Region = "650100" }, "650100");
        var before = await RoundStats(supervisor, round);
        Assert.Equal(1, before["closed"]!.GetValue<int>());
        Assert.Equal(50.0m, before["completionRate"]!.GetValue<decimal>());

        // Intake is told before saving what saving will do.
        var check = (await intake.PostJson("/api/petitions/repeat-check",
            new { regionCode = "650100", target = $"{name}公司", categories = new[] { "Air", "Noise" } })).AsArray();
        var willLink = Assert.Single(check, c => c!["willLink"]!.GetValue<bool>())!;
        Assert.Equal(originalNo, No(willLink));
        Assert.Equal("SameMatter", willLink["kind"]!.GetValue<string>());
        Assert.True(willLink["originalClosed"]!.GetValue<bool>());

        var repeat = await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), "650100", $"{name}公司", host.Clock.GetUtcNow().AddMinutes(-1)).With("categories", new[] { "Air", "Noise" }), 201);
        var repeatNo = No(repeat);
        Assert.Equal(originalNo, repeat["repeatOf"]!.GetValue<string>());
        Assert.True(repeat["originalClosed"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(repeat["repeatReason"]!.GetValue<string>()));
        Assert.Contains(repeat["possibleRepeats"]!.AsArray(), p => No(p!) == originalNo && p!["willLink"]!.GetValue<bool>() && p["kind"]!.GetValue<string>() == "SameMatter");

        // Nothing reopened and no published rate moved.
        var original = await supervisor.GetJson($"/api/petitions/{originalNo}");
        Assert.Equal("Closed", original["status"]!.GetValue<string>());
        Assert.Null(original["problemListEntry"]);
        Assert.Equal([repeatNo], original["cameBackAfterClosing"]!.AsArray().Select(n => n!.GetValue<string>()));
        var received = original["timeline"]!.AsArray().Last()!;
        Assert.Equal("RepeatReceived", received["type"]!.GetValue<string>());
        Assert.True(received["data"]!["afterClosing"]!.GetValue<bool>());
        var unchanged = await RoundStats(supervisor, round);
        Assert.Equal(before["closed"]!.GetValue<int>(), unchanged["closed"]!.GetValue<int>());
        Assert.Equal(before["completionRate"]!.GetValue<decimal>(), unchanged["completionRate"]!.GetValue<decimal>());
        Assert.Equal(1, unchanged["repeats"]!.GetValue<int>());

        // The problem list and the case list show the closed case that came back, with the new case.
        var entry = (await supervisor.GetJson("/api/problem-list?unit=650100&pageSize=200"))["items"]!.AsArray().Single(i => No(i!) == originalNo)!;
        Assert.Contains(entry["reasons"]!.AsArray(), r => r!.GetValue<string>() == "ClosedCaseCameBack");
        Assert.Equal([repeatNo], entry["cameBackRepeats"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains((await supervisor.GetJson("/api/problem-list?unit=650100&pageSize=200"))["items"]!.AsArray(), i => No(i!) == repeatNo);
        Assert.Contains((await supervisor.GetJson("/api/petitions?cameBack=true&unit=650100&pageSize=200"))["items"]!.AsArray(), i => No(i!) == originalNo);
        await supervisor.GetJson("/api/petitions?cameBack=maybe", 400);

        // The supervisor's "reopen the original" (the existing reopen) reopens it, and only then the rate changes.
        var reopened = await supervisor.PostJson($"/api/petitions/{originalNo}/reopen",
            new { reason = "同一事项再次举报", target = "重新核查整改到位", dueAt = host.Clock.GetUtcNow().AddDays(20), responsiblePerson = "王局长" });
        Assert.Equal("InProgress", reopened["status"]!.GetValue<string>());
        Assert.Empty(reopened["cameBackAfterClosing"]!.AsArray());
        Assert.Contains(reopened["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "RepeatDecided" && e["data"]!["decision"]!.GetValue<string>() == "ReopenOriginal");
        var after = await RoundStats(supervisor, round);
        Assert.Equal(0, after["closed"]!.GetValue<int>());
        Assert.Equal(0.0m, after["completionRate"]!.GetValue<decimal>());

        // The decision is on the repeat's timeline too, and both are listed by it.
        var noted = await supervisor.GetJson($"/api/petitions/{repeatNo}");
        Assert.Contains(noted["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "RepeatDecisionNoted");
        Assert.Equal("ReopenOriginal", noted["repeatDecision"]!.GetValue<string>());
        var decided = (await supervisor.GetJson("/api/petitions?repeatDecision=ReopenOriginal&unit=650100&pageSize=200"))["items"]!.AsArray().Select(i => No(i!)).ToList();
        Assert.Contains(originalNo, decided);
        Assert.Contains(repeatNo, decided);
        Assert.DoesNotContain(open, decided);
    }

    [Fact]
    public async Task The_supervisor_lets_the_new_case_carry_the_matter_from_the_decision_and_the_original_stays_closed()
    {
        var intake = await host.ClientFor("intake");
        var supervisor = await host.ClientFor("supervisor");
        var driver = new CaseDriver(host);
        var name = Unique("昌吉某水泥");
        var originalNo = await driver.Closed(new CaseSpec { Region = "652300", Target = $"{name}有限公司" }, "652300");
        var repeatNo = No(await Register(intake, "652300", $"{name}（有限公司）"));

        await intake.PostJson($"/api/petitions/{originalNo}/repeat-decision", new { decision = "NewCaseCarries", reason = "由新件承办" }, 403);
        await supervisor.PostJson($"/api/petitions/{originalNo}/repeat-decision", new { decision = "Maybe", reason = "x" }, 400);
        var invalid = await supervisor.PostJson($"/api/petitions/{originalNo}/repeat-decision", new { decision = "ReopenOriginal", reason = "重新办理" }, 400);
        Assert.NotNull(invalid["errors"]!["target"]);

        var decided = await supervisor.PostJson($"/api/petitions/{originalNo}/repeat-decision", new { decision = "NewCaseCarries", reason = "新件已受理，由新件承办" });
        Assert.Equal("Closed", decided["status"]!.GetValue<string>());
        Assert.Empty(decided["cameBackAfterClosing"]!.AsArray());
        Assert.Equal("NewCaseCarries", decided["repeatDecision"]!.GetValue<string>());
        Assert.Contains((await supervisor.GetJson($"/api/petitions/{repeatNo}"))["timeline"]!.AsArray(),
            e => e!["type"]!.GetValue<string>() == "RepeatDecisionNoted" && e["data"]!["decision"]!.GetValue<string>() == "NewCaseCarries");
        Assert.DoesNotContain((await supervisor.GetJson("/api/problem-list?unit=652300&pageSize=200"))["items"]!.AsArray(),
            i => No(i!) == originalNo && i!["reasons"]!.AsArray().Any(r => r!.GetValue<string>() == "ClosedCaseCameBack"));

        // Decided once: nothing is waiting any more.
        var conflict = await supervisor.PostJson($"/api/petitions/{originalNo}/repeat-decision", new { decision = "NewCaseCarries", reason = "再次决定" }, 409);
        Assert.Equal("NoRepeatAwaitingDecision", conflict["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_company_with_another_problem_is_suggested_as_another_matter_and_not_linked()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("哈密某选矿");
        var first = await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), "650500", $"{name}有限公司").With("categories", new[] { "Air" }), 201);
        var second = await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), "650500", $"{name}公司").With("categories", new[] { "Water" }), 201);

        Assert.Null(second["repeatOf"]?.GetValue<string>());
        Assert.False(second["originalClosed"]!.GetValue<bool>());
        var match = Assert.Single(second["possibleRepeats"]!.AsArray(), p => No(p!) == No(first))!;
        Assert.Equal("SameCompanyOtherMatter", match["kind"]!.GetValue<string>());
        Assert.False(match["willLink"]!.GetValue<bool>());
        Assert.Empty((await intake.GetJson($"/api/petitions/{No(first)}"))["repeats"]!.AsArray());
    }

    [Fact]
    public async Task A_repeat_cannot_be_dismissed_from_a_desk_without_a_new_site_visit()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("伊宁某养殖场");
        await Register(intake, "654000", name);
        var repeat = await Register(intake, "654000", name);
        var repeatNo = repeat["caseNo"]!.GetValue<string>();
        await intake.PostJson($"/api/petitions/{repeatNo}/assign", new { leadUnit = "654000" });
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IPetitionCaseGrain>(repeatNo);
        var handler = new CommandMeta(new Actor("handler.654000", "承办人"));
        Assert.Null((await grain.Execute(new AcceptCaseCommand(), handler)).Violation);
        // A visit dated before the repeat was registered does not count.
        Assert.Null((await grain.Execute(new LogSiteVisitCommand(host.Clock.GetUtcNow().AddDays(-1.5), ["老核查"], "以前去过"), handler)).Violation);
        var refused = await grain.Execute(new SubmitResultCommand(Verdict.Unsubstantiated, "不属实", "无", null, "不属实"), handler);
        Assert.Equal(Rules.UnsubstantiatedRequiresSiteVisit, refused.Violation!.Rule);

        Assert.Null((await grain.Execute(new LogSiteVisitCommand(host.Clock.GetUtcNow(), ["新核查"], "再次现场核查未发现问题"), handler)).Violation);
        Assert.Null((await grain.Execute(new SubmitResultCommand(Verdict.Unsubstantiated, "不属实", "无", null, "经现场核查不属实"), handler)).Violation);
    }

    [Fact]
    public async Task Fifty_simultaneous_registrations_about_one_subject_all_link_to_one_original()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("克拉玛依某石化");
        var targets = Enumerable.Range(0, 50).Select(i => (i % 3) switch { 0 => $"{name}有限公司", 1 => $"{name}（有限公司）", _ => $" {name} " });
        var responses = await Task.WhenAll(targets.Select(t => intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), "650200", t))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var created = await Task.WhenAll(responses.Select(r => r.Json()));

        var originals = created.Where(c => c["repeatOf"]?.GetValue<string>() is null).ToList();
        var original = Assert.Single(originals)!["caseNo"]!.GetValue<string>();
        Assert.All(created.Where(c => c["caseNo"]!.GetValue<string>() != original), c => Assert.Equal(original, c["repeatOf"]!.GetValue<string>()));
        var state = await intake.GetJson($"/api/petitions/{original}");
        Assert.Equal(49, state["repeats"]!.AsArray().Count);
    }

    [Fact]
    public async Task Intake_links_and_unlinks_a_near_match_on_the_timeline_and_an_unlinked_case_stays_unlinked()
    {
        var intake = await host.ClientFor("intake");
        var a = await Register(intake, "650400", Unique("吐鲁番某矿业"));
        var b = await Register(intake, "650400", Unique("吐鲁番某某矿"));
        var aNo = a["caseNo"]!.GetValue<string>();
        var bNo = b["caseNo"]!.GetValue<string>();

        var linked = await intake.PostJson($"/api/petitions/{bNo}/repeat-of", new { caseNo = aNo, reason = "同一矿区，企业更名" });
        Assert.Equal(aNo, linked["repeatOf"]!.GetValue<string>());
        Assert.Single((await intake.GetJson($"/api/petitions/{aNo}"))["repeats"]!.AsArray());

        // Linking the original to its own repeat would make a cycle: refused, pointing at the original.
        await intake.PostJson($"/api/petitions/{aNo}/repeat-of", new { caseNo = bNo, reason = "x" }, 409);
        await intake.PostJson($"/api/petitions/{bNo}/repeat-of", new { caseNo = "XF2099000001", reason = "x" }, 400);

        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/petitions/{bNo}/repeat-of") { Content = JsonContent.Create(new { reason = "并非同一企业" }) };
        var unlinked = await (await intake.SendAsync(request)).Json();
        Assert.Null(unlinked["repeatOf"]?.GetValue<string>());
        Assert.Equal(["RepeatLinked", "RepeatUnlinked"], unlinked["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).Where(t => t.StartsWith("Repeat")));
        Assert.Empty((await intake.GetJson($"/api/petitions/{aNo}"))["repeats"]!.AsArray());
    }
}

public sealed class RepeatComplaintsOnSqlite(SqliteHost host) : RepeatComplaintTests(host), IClassFixture<SqliteHost>;

public sealed class RepeatComplaintsOnPostgres(PostgresHost host) : RepeatComplaintTests(host), IClassFixture<PostgresHost>;
