using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Public;

/// <summary>
/// The complainant's side without an account: the query code from registration, the public lookup (never personal
/// data; an unknown case and a wrong code alike; locked after 5 wrong codes), a new code from intake, and the rating.
/// </summary>
public abstract class SelfServiceTests(PetitionsHost host)
{
    private const string Name = "欧阳铁柱";
    private const string Phone = "13987654321";
    private const string Address = "伊宁市解放路88号3单元502室";
    private const string HandlerNote = "承办人内部备注：约谈厂长";

    private static readonly string[] LookupFields =
        ["caseNo", "status", "stage", "receivedAt", "deadlines", "unitName", "publicSummary", "writtenOpinion", "canRate", "rating", "reviewRight", "reviews", "final"];

    private readonly CaseDriver cases = new(host);

    /// <summary>Registers through the API (as intake does) and answers the case number and the code shown once.</summary>
    private async Task<(string CaseNo, string QueryCode, JsonNode Created)> Register(string? round = null)
    {
        var body = Complaints.Valid(host.Clock.GetUtcNow())
            .With("complainant", new Dictionary<string, object?> { ["name"] = Name, ["phone"] = Phone, ["address"] = Address, ["anonymous"] = false })
            .With("address", "伊宁市工业园区某路1号")
            .With("roundCode", round);
        var created = await (await host.ClientFor("intake")).PostJson("/api/petitions", body, 201);
        return (created["caseNo"]!.GetValue<string>(), created["queryCode"]!.GetValue<string>(), created);
    }

    private async Task<HttpResponseMessage> Lookup(string caseNo, string code) =>
        await host.CreateClient().PostAsJsonAsync("/api/public/lookup", new { caseNo, queryCode = code });

    private async Task<HttpResponseMessage> Rate(string caseNo, string code, string satisfaction, string? comment = null) =>
        await host.CreateClient().PostAsJsonAsync("/api/public/rating", new { caseNo, queryCode = code, satisfaction, comment });

    /// <summary>Drives a registered case to a submitted result with a handler's internal note on a site visit.</summary>
    private async Task ToResult(string caseNo)
    {
        await cases.Assign(caseNo, "654000");
        await cases.Accept(caseNo);
        await cases.Do(caseNo, new LogSiteVisitCommand(host.Clock.GetUtcNow(), ["检查员甲"], HandlerNote));
        await cases.Do(caseNo, new SubmitResultCommand(Verdict.Substantiated, HandlerNote, "责令停产整改", "罚款五万元", "经核查，反映问题属实，已责令企业整改。"));
    }

    [Fact]
    public async Task Registration_answers_a_query_code_of_the_unambiguous_alphabet_that_only_the_hash_of_is_kept()
    {
        var (caseNo, code, _) = await Register();

        Assert.Matches("^[2-9A-HJKMNP-Z]{10}$", code);
        var stored = await cases.Get(caseNo);
        Assert.NotNull(stored.QueryCodeHash);
        Assert.DoesNotContain(code, stored.QueryCodeHash);
        var petition = await (await host.ClientFor("supervisor")).GetJson($"/api/petitions/{caseNo}");
        var text = petition.ToJsonString();
        Assert.DoesNotContain(code, text);
        Assert.DoesNotContain(stored.QueryCodeHash!, text);
    }

    [Fact]
    public async Task The_lookup_shows_stage_deadlines_unit_and_summary_and_nothing_personal()
    {
        var (caseNo, code, created) = await Register();
        var unitName = (await (await host.ClientFor("supervisor")).GetJson("/api/units/654000"))["name"]!.GetValue<string>();

        var registered = await (await Lookup(caseNo, code)).Json();
        Assert.Equal(LookupFields, registered.AsObject().Select(p => p.Key));
        Assert.Equal(caseNo, registered["caseNo"]!.GetValue<string>());
        Assert.Equal("Registered", registered["status"]!.GetValue<string>());
        Assert.Equal("Received", registered["stage"]!.GetValue<string>());
        Assert.Equal(created["dueAt"]!.GetValue<DateTimeOffset>(), registered["deadlines"]!["acceptanceDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(registered["publicSummary"]);
        Assert.False(registered["canRate"]!.GetValue<bool>());

        await ToResult(caseNo);
        // Typed in lower case with a space, as a reader may: the same code.
        var response = await Lookup(caseNo.ToLowerInvariant(), code[..5].ToLowerInvariant() + " " + code[5..]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = await response.Json();
        var stored = await cases.Get(caseNo);

        Assert.Equal(LookupFields, answered.AsObject().Select(p => p.Key));
        Assert.Equal(caseNo, answered["caseNo"]!.GetValue<string>());
        Assert.Equal("ResultSubmitted", answered["status"]!.GetValue<string>());
        Assert.Equal("Answered", answered["stage"]!.GetValue<string>());
        Assert.Equal(stored.ReceivedAt, answered["receivedAt"]!.GetValue<DateTimeOffset>());
        var deadlines = answered["deadlines"]!.AsObject();
        Assert.Equal(["acceptanceDueAt", "handlingDueAt", "dueAt"], deadlines.Select(p => p.Key));
        Assert.Equal(stored.AcceptanceDueAt, deadlines["acceptanceDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(stored.HandlingDueAt, deadlines["handlingDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(stored.DueAt, deadlines["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(unitName, answered["unitName"]!.GetValue<string>());
        Assert.Equal("经核查，反映问题属实，已责令企业整改。", answered["publicSummary"]!.GetValue<string>());
        Assert.Null(answered["writtenOpinion"]);
        Assert.True(answered["canRate"]!.GetValue<bool>());
        Assert.Null(answered["rating"]);

        var text = answered.ToJsonString();
        foreach (var secret in new[] { Name, "欧阳", Phone, "13987", Address, "解放路", HandlerNote, "罚款", "检查员甲", "测试", "intake", stored.QueryCodeHash!, code })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public async Task An_unknown_case_and_a_wrong_code_get_the_same_404()
    {
        var (caseNo, code, _) = await Register();
        var wrongCode = code[..^1] + (code[^1] == 'Z' ? 'Y' : 'Z');

        var wrong = await Lookup(caseNo, wrongCode);
        var unknown = await Lookup("XF2099999999", code);

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var wrongBody = (await wrong.Json()).AsObject();
        var unknownBody = (await unknown.Json()).AsObject();
        wrongBody.Remove("traceId");
        unknownBody.Remove("traceId");
        Assert.Equal(unknownBody.ToJsonString(), wrongBody.ToJsonString());
        Assert.DoesNotContain(caseNo, wrongBody.ToJsonString());

        var rating = await Rate(caseNo, wrongCode, "Satisfied");
        Assert.Equal(HttpStatusCode.NotFound, rating.StatusCode);
        var ratingBody = (await rating.Json()).AsObject();
        ratingBody.Remove("traceId");
        Assert.Equal(unknownBody.ToJsonString(), ratingBody.ToJsonString());
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_case_number_for_fifteen_minutes_even_for_the_right_code()
    {
        var (caseNo, code, _) = await Register();
        var other = await Register();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Lookup(caseNo, "WRONGCODE" + i)).StatusCode);
        }

        var locked = await Lookup(caseNo, code);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("LookupThrottled", (await locked.Json())["rule"]!.GetValue<string>());
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Rate(caseNo, code, "Satisfied")).StatusCode);
        // Another case number is not locked; an unknown one is locked the same way after five tries.
        Assert.Equal(HttpStatusCode.OK, (await Lookup(other.CaseNo, other.QueryCode)).StatusCode);
        for (var i = 0; i < 5; i++) await Lookup("XF2099000001", "WRONGCODE" + i);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Lookup("XF2099000001", "WRONGCODE9")).StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Lookup(caseNo, code)).StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await Lookup(caseNo, code)).StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_spread_over_more_than_the_window_do_not_lock()
    {
        var (caseNo, code, _) = await Register();
        for (var i = 0; i < 4; i++) await Lookup(caseNo, "WRONGCODE" + i);
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 4; i++) await Lookup(caseNo, "WRONGCODE" + i);

        Assert.Equal(HttpStatusCode.OK, (await Lookup(caseNo, code)).StatusCode);
    }

    [Fact]
    public async Task Intake_issues_a_new_code_and_the_old_one_stops_working()
    {
        var (caseNo, oldCode, _) = await Register();

        var intake = await host.ClientFor("intake");
        // No body at all is a request too (the body is optional).
        var bare = await intake.PostAsync($"/api/petitions/{caseNo}/query-code", content: null);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        var issued = await intake.PostJson($"/api/petitions/{caseNo}/query-code", new { reason = "原回执遗失" });
        var newCode = issued["queryCode"]!.GetValue<string>();
        Assert.NotEqual((await bare.Json())["queryCode"]!.GetValue<string>(), newCode);

        Assert.Equal(caseNo, issued["caseNo"]!.GetValue<string>());
        Assert.NotEqual(oldCode, newCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Lookup(caseNo, oldCode)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Lookup(caseNo, newCode)).StatusCode);
        var timeline = (await (await host.ClientFor("supervisor")).GetJson($"/api/petitions/{caseNo}"))["timeline"]!.AsArray();
        var entry = timeline[^1]!;
        Assert.Equal("QueryCodeIssued", entry["type"]!.GetValue<string>());
        Assert.Null(entry["data"]!["codeHash"]);
        Assert.Equal("原回执遗失", entry["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await intake.PostAsync($"/api/petitions/{caseNo}/query-code", JsonContent.Create<object?>(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientFor("handler.654000")).PostAsJsonAsync($"/api/petitions/{caseNo}/query-code", new { })).StatusCode);
    }

    [Fact]
    public async Task A_retried_issue_with_the_same_key_answers_the_same_working_code_until_a_newer_one_replaces_it()
    {
        var (caseNo, _, _) = await Register();
        var intake = await host.ClientFor("intake");
        async Task<HttpResponseMessage> Issue(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{caseNo}/query-code") { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Idempotency-Key", key);
            return await intake.SendAsync(request);
        }

        var first = await Issue("lost-receipt-1");
        var retry = await Issue("lost-receipt-1");
        var code = (await first.Json())["queryCode"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(code, (await retry.Json())["queryCode"]!.GetValue<string>());
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, (await Lookup(caseNo, code)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Issue("lost-receipt-2")).StatusCode);
        var stale = await Issue("lost-receipt-1");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("QueryCodeReplaced", (await stale.Json())["rule"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Lookup(caseNo, code)).StatusCode);
    }

    [Fact]
    public async Task A_repeated_registration_answers_no_code()
    {
        var intake = await host.ClientFor("intake");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = JsonContent.Create(Complaints.Valid(host.Clock.GetUtcNow())) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var first = await (await intake.SendAsync(request)).Json();
        var retry = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = JsonContent.Create(Complaints.Valid(host.Clock.GetUtcNow())) };
        retry.Headers.Add("Idempotency-Key", request.Headers.GetValues("Idempotency-Key").Single());
        var again = await intake.SendAsync(retry);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Null((await again.Json())["queryCode"]);
        Assert.Equal(HttpStatusCode.OK, (await Lookup(first["caseNo"]!.GetValue<string>(), first["queryCode"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task A_rating_needs_a_result_is_given_once_is_on_the_timeline_and_counts_in_the_satisfaction_rate()
    {
        var round = await cases.NewRound();
        var (caseNo, code, _) = await Register(round);

        var early = await Rate(caseNo, code, "Satisfied");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("TransitionNotAllowed", (await early.Json())["rule"]!.GetValue<string>());

        await ToResult(caseNo);
        var supervisor = await host.ClientFor("supervisor");
        var before = (await supervisor.GetJson($"/api/stats/completion?round={round}"))[0]!;
        Assert.Equal(0, before["answeredCallbacks"]!.GetValue<int>());

        var rated = await Rate(caseNo, code, "BasicallySatisfied", "基本解决，希望持续监管");
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        var view = await rated.Json();
        Assert.Equal("BasicallySatisfied", view["rating"]!["satisfaction"]!.GetValue<string>());
        Assert.False(view["canRate"]!.GetValue<bool>());

        var after = (await supervisor.GetJson($"/api/stats/completion?round={round}"))[0]!;
        Assert.Equal(1, after["answeredCallbacks"]!.GetValue<int>());
        Assert.Equal(1, after["satisfied"]!.GetValue<int>());
        Assert.Equal(100.0m, after["satisfactionRate"]!.GetValue<decimal>());

        var entry = (await supervisor.GetJson($"/api/petitions/{caseNo}"))["timeline"]!.AsArray()[^1]!;
        Assert.Equal("HandlingRated", entry["type"]!.GetValue<string>());
        Assert.Equal("complainant", entry["actor"]!["id"]!.GetValue<string>());
        Assert.Equal("基本解决，希望持续监管", entry["data"]!["comment"]!.GetValue<string>());

        var again = await Rate(caseNo, code, "Satisfied");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("AlreadyRated", (await again.Json())["rule"]!.GetValue<string>());
        Assert.Equal(BasicallySatisfied, (await cases.Get(caseNo)).EffectiveSatisfaction);
    }

    private const Satisfaction BasicallySatisfied = Satisfaction.BasicallySatisfied;

    [Fact]
    public async Task A_dissatisfied_rating_reopens_the_case_onto_the_problem_list()
    {
        var (caseNo, code, _) = await Register();
        await ToResult(caseNo);

        var rated = await (await Rate(caseNo, code, "Dissatisfied", "异味依旧")).Json();

        Assert.Equal("InProgress", rated["status"]!.GetValue<string>());
        Assert.Null(rated["publicSummary"]);
        var stored = await cases.Get(caseNo);
        Assert.Equal(ProblemSource.Dissatisfied, stored.Problem?.Source);
        Assert.Equal("信访人自助评价不满意：异味依旧", stored.Problem?.Reason);
        var problems = await (await host.ClientFor("supervisor")).GetJson("/api/problem-list");
        Assert.Contains(caseNo, problems.ToJsonString());
    }

    [Theory]
    [InlineData("Unreachable", "satisfaction")]
    [InlineData("", "satisfaction")]
    [InlineData(null, "satisfaction")]
    public async Task A_rating_that_is_not_an_answer_is_400_naming_the_field_and_changes_nothing(string? satisfaction, string field)
    {
        var (caseNo, code, _) = await Register();
        await ToResult(caseNo);
        var version = (await cases.Get(caseNo)).Version;

        var response = await Rate(caseNo, code, satisfaction!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]![field]);
        Assert.Equal(version, (await cases.Get(caseNo)).Version);
    }

    [Fact]
    public async Task A_lookup_without_a_code_is_400_naming_the_field()
    {
        var response = await host.CreateClient().PostAsJsonAsync("/api/public/lookup", new { caseNo = "XF2026000001" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["queryCode"]);
    }
}

/// <summary>Hosts whose per-address limit leaves room for the many lookups of these tests (one client address).</summary>
public sealed class SelfServiceSqliteHost() : PetitionsHost(Profile.Sqlite, extra: new Dictionary<string, string?> { ["Security:PublicLookupThrottle:PermitLimit"] = "100000" });

public sealed class SelfServicePostgresHost() : PetitionsHost(Profile.Postgres, extra: new Dictionary<string, string?> { ["Security:PublicLookupThrottle:PermitLimit"] = "100000" });

public sealed class SelfServiceSqliteTests(SelfServiceSqliteHost host) : SelfServiceTests(host), IClassFixture<SelfServiceSqliteHost>;

public sealed class SelfServicePostgresTests(SelfServicePostgresHost host) : SelfServiceTests(host), IClassFixture<SelfServicePostgresHost>;

/// <summary>The per-address limit of the self-service endpoints: beyond it, 429 whatever the case number.</summary>
public sealed class SelfServiceAddressLimitTests(SelfServiceAddressLimitTests.LimitedHost host) : IClassFixture<SelfServiceAddressLimitTests.LimitedHost>
{
    public sealed class LimitedHost() : PetitionsHost(Profile.Sqlite, extra: new Dictionary<string, string?>
    {
        ["Security:PublicLookupThrottle:PermitLimit"] = "3",
        ["Security:PublicLookupThrottle:WindowSeconds"] = "600",
    });

    [Fact]
    public async Task One_address_trying_many_case_numbers_gets_429_with_retry_after()
    {
        var client = host.CreateClient();
        // The page counts with the API: one window per address for the whole self-service.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lookup")).StatusCode);
        for (var i = 1; i <= 2; i++)
        {
            var response = await client.PostAsJsonAsync("/api/public/lookup", new { caseNo = $"XF209900000{i}", queryCode = "ABCDEFGHJK" });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/public/rating", new { caseNo = "XF2099000009", queryCode = "ABCDEFGHJK", satisfaction = "Satisfied" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("RateLimited", (await limited.Json())["rule"]!.GetValue<string>());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/lookup")).StatusCode);
    }
}
