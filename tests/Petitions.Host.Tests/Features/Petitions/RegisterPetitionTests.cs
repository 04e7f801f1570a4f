using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Petitions;

public abstract partial class RegisterPetitionTests(PetitionsHost host)
{
    [Fact]
    public async Task Registering_answers_201_with_a_case_number_and_the_case_can_be_read_with_its_timeline()
    {
        var intake = await host.ClientFor("intake");
        var receivedAt = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), target: "伊犁某某化工有限公司", receivedAt: receivedAt));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Json();
        var caseNo = created["caseNo"]!.GetValue<string>();
        Assert.Matches(CaseNumber(), caseNo);
        Assert.StartsWith("XF2026", caseNo);
        Assert.Equal($"/api/petitions/{caseNo}", response.Headers.Location!.OriginalString);
        Assert.Equal("Registered", created["status"]!.GetValue<string>());
        // Acceptance is due 15 China calendar days after receipt, at the end of that day.
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 23, 59, 59, TimeSpan.FromHours(8)), created["dueAt"]!.GetValue<DateTimeOffset>());

        var petition = await intake.GetJson($"/api/petitions/{caseNo}");
        Assert.Equal(caseNo, petition["caseNo"]!.GetValue<string>());
        Assert.Equal("伊犁某某化工有限公司", petition["target"]!.GetValue<string>());
        Assert.Equal(receivedAt, petition["receivedAt"]!.GetValue<DateTimeOffset>());
        var timeline = petition["timeline"]!.AsArray();
        var registered = timeline[0]!;
        Assert.Equal("Registered", registered!["type"]!.GetValue<string>());
        Assert.Equal("intake", registered["actor"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Registering_with_a_lead_unit_assigns_at_once()
    {
        var intake = await host.ClientFor("intake");
        var body = Complaints.Valid(host.Clock.GetUtcNow()).With("leadUnit", "654000").With("coUnits", new[] { "654200" });
        var created = await intake.PostJson("/api/petitions", body, 201);
        Assert.Equal("Assigned", created["status"]!.GetValue<string>());
        var petition = await intake.GetJson($"/api/petitions/{created["caseNo"]}");
        Assert.Equal("654000", petition["leadUnit"]!.GetValue<string>());
        Assert.Equal("654200", petition["coUnits"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["Registered", "Assigned"], petition["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
    }

    /// <summary>Stands for "an hour after the host's clock", which the test fills in (theory data has no host).</summary>
    private const string AnHourFromNow = "an hour from now";

    public static TheoryData<string, object?, string> InvalidFields => new()
    {
        { "channel", "Fax", "channel" },
        { "channel", null, "channel" },
        { "receivedAt", AnHourFromNow, "receivedAt" },
        { "receivedAt", "1999-12-31T23:00:00Z", "receivedAt" },
        { "receivedAt", "yesterday", "receivedAt" },
        { "regionCode", "999999", "regionCode" },
        { "regionCode", null, "regionCode" },
        { "target", "", "target" },
        { "target", new string('厂', 201), "target" },
        { "target", "（）——", "target" },
        { "target", "某化工\u0000厂", "target" },
        { "address", "某路\u00001号", "address" },
        { "roundCode", "R\u0000", "roundCode" },
        { "description", "", "description" },
        { "description", new string('字', 10_001), "description" },
        { "categories", Array.Empty<string>(), "categories" },
        { "categories", new[] { "Air", "Fire" }, "categories[1]" },
        { "complainant", new { name = "李四", phone = "12345", anonymous = false }, "complainant.phone" },
        { "complainant", new { name = "李四", phone = "13812345678", anonymous = true }, "complainant.anonymous" },
        { "roundCode", "NO-SUCH-ROUND", "roundCode" },
        { "leadUnit", "BT99", "leadUnit" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_gets_400_naming_it_and_nothing_is_created(string field, object? value, string expectedError)
    {
        var intake = await host.ClientFor("intake");
        var before = await host.StoredCases();
        if (value is AnHourFromNow) value = host.Clock.GetUtcNow().AddHours(1).ToString("O");
        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow()).With(field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Json();
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(expectedError), $"Expected an error for '{expectedError}', got: {problem.ToJsonString()}");
        Assert.Equal(before, await host.StoredCases());
    }

    [Fact]
    public async Task Several_invalid_fields_get_one_error_each()
    {
        var intake = await host.ClientFor("intake");
        var body = Complaints.Valid(host.Clock.GetUtcNow()).With("channel", "Fax").With("target", "").With("regionCode", "000000");
        var problem = await intake.PostJson("/api/petitions", body, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["channel", "regionCode", "target"], errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.Single(e.Value!.AsArray()));
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_returns_the_first_case()
    {
        var intake = await host.ClientFor("intake");
        var key = Guid.NewGuid().ToString();
        var before = await host.StoredCases();

        var first = await Post(intake, Complaints.Valid(host.Clock.GetUtcNow()), key);
        var second = await Post(intake, Complaints.Valid(host.Clock.GetUtcNow()), key);
        var other = await Post(intake, Complaints.Valid(host.Clock.GetUtcNow()), Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Json())["caseNo"]!.GetValue<string>(), (await second.Json())["caseNo"]!.GetValue<string>());
        Assert.NotEqual((await first.Json())["caseNo"]!.GetValue<string>(), (await other.Json())["caseNo"]!.GetValue<string>());
        Assert.Equal(before + 2, await host.StoredCases());
    }

    [Fact]
    public async Task Twenty_concurrent_retries_with_one_idempotency_key_create_one_case()
    {
        var intake = await host.ClientFor("intake");
        var key = Guid.NewGuid().ToString();
        var before = await host.StoredCases();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Post(intake, Complaints.Valid(host.Clock.GetUtcNow()), key)));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Json())["caseNo"]!.GetValue<string>()));

        Assert.Single(numbers.Distinct());
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(before + 1, await host.StoredCases());
    }

    [Fact]
    public async Task The_same_external_ref_in_one_round_returns_the_same_case_and_in_another_round_a_new_one()
    {
        await host.Execute("INSERT INTO rounds (code, name, starts_on, handling_days, created_at) VALUES ('T1', '测试轮次一', '2026-01-01', 10, 0), ('T2', '测试轮次二', '2026-06-01', NULL, 0) ON CONFLICT (code) DO NOTHING");
        var intake = await host.ClientFor("intake");
        var externalRef = $"X{Guid.NewGuid():N}"[..12];
        var inRound1 = Complaints.Valid(host.Clock.GetUtcNow()).With("channel", "InspectionHandover").With("roundCode", "T1").With("externalRef", externalRef);

        var first = await intake.PostJson("/api/petitions", inRound1, 201);
        var again = await intake.PostJson("/api/petitions", inRound1.With("description", "同一交办件再次登记"), 200);
        var otherRound = await intake.PostJson("/api/petitions", inRound1.With("roundCode", "T2"), 201);

        Assert.Equal(first["caseNo"]!.GetValue<string>(), again["caseNo"]!.GetValue<string>());
        Assert.NotEqual(first["caseNo"]!.GetValue<string>(), otherRound["caseNo"]!.GetValue<string>());
        var petition = await intake.GetJson($"/api/petitions/{first["caseNo"]}");
        Assert.Equal("夜间排放刺鼻气味，噪声扰民。", petition["description"]!.GetValue<string>());
        Assert.Equal("T1", petition["roundCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Case_numbers_are_unique_under_concurrent_registration()
    {
        var intake = await host.ClientFor("intake");
        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow()))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Json())["caseNo"]!.GetValue<string>()));
        Assert.Equal(60, numbers.Distinct().Count());
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_and_the_health_and_openapi_documents_answer()
    {
        var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/petitions/XF2026000001")).StatusCode);
        var health = await anonymous.GetJson("/health");
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        var openApi = await anonymous.GetJson("/openapi/v1.json");
        Assert.NotNull(openApi["paths"]!["/api/petitions"]);
    }

    [Fact]
    public async Task An_intake_user_out_of_scope_is_refused_before_the_fields_are_judged()
    {
        var admin = await host.ClientFor("admin");
        var username = $"scoped{Guid.NewGuid():N}"[..16];
        await admin.PostJson("/api/users", new { username, displayName = "限定范围受理员", password = "scoped-password-1", roles = new[] { "Intake" }, units = new[] { "654200" }, allUnits = false }, 201);
        var scoped = await host.ClientFor(username, "scoped-password-1");
        var invalid = Complaints.Valid(host.Clock.GetUtcNow(), region: "654000").With("channel", "Fax").With("target", "");

        var outOfScope = await scoped.PostAsJsonAsync("/api/petitions", invalid);
        var leadOutOfScope = await scoped.PostAsJsonAsync("/api/petitions", invalid.With("regionCode", "654200").With("leadUnit", "654000"));
        var inScope = await scoped.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), region: "654200").With("channel", "Fax").With("target", ""));

        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Null((await outOfScope.Json())["errors"]);
        Assert.Equal(HttpStatusCode.Forbidden, leadOutOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, inScope.StatusCode);
    }

    [Fact]
    public async Task An_unknown_case_is_404()
    {
        var intake = await host.ClientFor("intake");
        var problem = await intake.GetJson("/api/petitions/XF2026999999", 404);
        Assert.Equal(404, problem["status"]!.GetValue<int>());
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, object body, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"^XF\d{4}\d{6}$")]
    private static partial Regex CaseNumber();
}

public sealed class RegisterPetitionOnSqlite(SqliteHost host) : RegisterPetitionTests(host), IClassFixture<SqliteHost>;

public sealed class RegisterPetitionOnPostgres(PostgresHost host) : RegisterPetitionTests(host), IClassFixture<PostgresHost>;
