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
    public async Task The_same_phone_in_the_same_region_within_twelve_months_is_suggested()
    {
        var intake = await host.ClientFor("intake");
        var phone = $"139{Random.Shared.Next(10000000, 99999999)}";
        var first = await Register(intake, "653100", Unique("喀什某砖厂"), phone: phone);
        var check = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653100", target = Unique("喀什另一家企业"), phone })).AsArray();
        var match = Assert.Single(check);
        Assert.Equal(first["caseNo"]!.GetValue<string>(), match!["caseNo"]!.GetValue<string>());
        Assert.Equal("SamePhone", match["reason"]!.GetValue<string>());
        var otherRegion = (await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "653200", target = Unique("和田企业"), phone })).AsArray();
        Assert.Empty(otherRegion);
    }

    [Fact]
    public async Task A_repeat_about_a_closed_case_reopens_the_original_onto_the_problem_list()
    {
        var intake = await host.ClientFor("intake");
        var name = Unique("乌鲁木齐某热力");
        var original = await Register(intake, "650100", $"{name}有限公司");
        var originalNo = original["caseNo"]!.GetValue<string>();
        await intake.PostJson($"/api/petitions/{originalNo}/assign", new { leadUnit = "650100" });
        await new CaseDriver(host).CloseAssigned(originalNo);
        Assert.Equal("Closed", (await intake.GetJson($"/api/petitions/{originalNo}"))["status"]!.GetValue<string>());

        var repeat = await Register(intake, "650100", $"{name}公司");
        Assert.Equal(originalNo, repeat["repeatOf"]!.GetValue<string>());

        var reopened = await intake.GetJson($"/api/petitions/{originalNo}");
        Assert.Equal("InProgress", reopened["status"]!.GetValue<string>());
        Assert.Equal("Repeat", reopened["problemListEntry"]!["source"]!.GetValue<string>());
        Assert.Contains(reopened["timeline"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "Reopened");
        Assert.Equal(1, await host.Scalar<long>("SELECT on_problem_list FROM case_index WHERE case_no = @originalNo", new { originalNo }));
        Assert.Equal(1, await host.Scalar<long>("SELECT repeat_count FROM case_index WHERE case_no = @originalNo", new { originalNo }));

        // The unit sees it again in its queue and on the problem list; the repeat counts against the original's unit.
        var supervisor = await host.ClientFor("supervisor");
        Assert.Contains((await supervisor.GetJson("/api/units/650100/queue?pageSize=200"))["items"]!.AsArray(), i => i!["caseNo"]!.GetValue<string>() == originalNo);
        var entry = (await supervisor.GetJson("/api/problem-list?unit=650100&pageSize=200"))["items"]!.AsArray().Single(i => i!["caseNo"]!.GetValue<string>() == originalNo)!;
        Assert.Contains(entry["reasons"]!.AsArray(), r => r!.GetValue<string>() == "Reopened");
        Assert.Contains(entry["reasons"]!.AsArray(), r => r!.GetValue<string>() == "Repeat");
        var listed = (await supervisor.GetJson("/api/petitions?repeat=true&unit=650100&pageSize=200"))["items"]!.AsArray();
        Assert.Contains(listed, i => i!["caseNo"]!.GetValue<string>() == repeat["caseNo"]!.GetValue<string>() && i["isRepeat"]!.GetValue<bool>());
        var stats = (await supervisor.GetJson("/api/stats/completion?unit=650100")).AsArray().Single()!;
        Assert.True(stats["repeats"]!.GetValue<int>() >= 1);
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
