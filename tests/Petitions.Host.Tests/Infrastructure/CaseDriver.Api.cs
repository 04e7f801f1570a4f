using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>
/// Cases through the HTTP API as the demo users: signed-in clients (one per user and host), well-formed action
/// bodies, and shortcuts to bring a case into a state through the API's actions.
/// </summary>
public sealed partial class CaseDriver
{
    public const string Lead = "654000";
    public const string CoUnit = "654200";
    public const string Elsewhere = "650100";

    /// <summary>The reason a reveal gives when the test is not about the reason.</summary>
    public const string RevealReason = "核实举报人联系方式以便回访";

    private static readonly ConditionalWeakTable<PetitionsHost, ConcurrentDictionary<string, Lazy<Task<HttpClient>>>> Clients = new();

    private static readonly ConditionalWeakTable<PetitionsHost, ConcurrentDictionary<string, Lazy<Task<string>>>> SharedCases = new();

    public PetitionsHost Host => host;

    /// <summary>
    /// One case per host and name, made once: for tests that must leave it unchanged (refusals), so that many of them
    /// do not each pay for a new case.
    /// </summary>
    public Task<string> Shared(string name, Func<CaseDriver, Task<string>> make) =>
        SharedCases.GetOrCreateValue(host).GetOrAdd(name, _ => new Lazy<Task<string>>(() => make(this))).Value;

    /// <summary>A client signed in as <paramref name="username"/>, shared by the tests of one host.</summary>
    public Task<HttpClient> As(string username) =>
        Clients.GetOrCreateValue(host).GetOrAdd(username, u => new Lazy<Task<HttpClient>>(() => host.ClientFor(u))).Value;

    public Task<HttpClient> Intake => As("intake");
    public Task<HttpClient> Admin => As("admin");
    public Task<HttpClient> Supervisor => As("supervisor");
    public Task<HttpClient> LeadHandler => As($"handler.{Lead}");
    public Task<HttpClient> CoHandler => As($"handler.{CoUnit}");
    public Task<HttpClient> OtherHandler => As($"handler.{Elsewhere}");

    // ---- bodies --------------------------------------------------------------------------------------------------

    /// <summary>The host's clock: the instant test data takes.</summary>
    public DateTimeOffset Now => host.Clock.GetUtcNow();

    public object VisitBody(DateTimeOffset? visitedAt = null) => new
    {
        visitedAt = visitedAt ?? Now,
        inspectors = new[] { "执法人员甲", "执法人员乙" },
        findings = "现场核查：企业夜间生产，废气处理设施未运行。",
    };

    public static object ResultBody(string verdict = "Substantiated") => new
    {
        verdict,
        findings = "经核查，群众反映情况属实。",
        measures = "责令企业立即整改，恢复废气处理设施运行。",
        penalties = "罚款五万元",
        publicSummary = "已责令企业整改并依法处罚。",
    };

    public object CallbackBody(string satisfaction = "Satisfied", DateTimeOffset? calledAt = null, string? note = null) => new
    {
        calledAt = calledAt ?? Now,
        method = "Phone",
        contact = "Complainant",
        satisfaction,
        note,
    };

    public static object FinalClose => new { kind = "Final", note = "验收销号" };

    // ---- requests ------------------------------------------------------------------------------------------------

    public static string Url(string caseNo, string action) => $"/api/petitions/{caseNo}/{action}";

    /// <summary>Sends an action (POST, or PUT for the problem list) with optional headers; a null body sends none.</summary>
    public static Task<HttpResponseMessage> Send(HttpClient client, string caseNo, string action, object? body = null,
        string? idempotencyKey = null, string? ifMatch = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? (action == "problem-list" ? HttpMethod.Put : HttpMethod.Post), Url(caseNo, action));
        // A reveal must say why: tests that are not about the reason give the usual one.
        body ??= action == "complainant/reveal" ? new { reason = RevealReason } : null;
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Sends an action and asserts its status; returns the body (the case, or the problem).</summary>
    public static async Task<JsonNode> Act(HttpClient client, string caseNo, string action, object? body = null, int expectedStatus = 200,
        string? idempotencyKey = null, string? ifMatch = null)
    {
        var response = await Send(client, caseNo, action, body, idempotencyKey, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{action} on {caseNo}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>The case as the API shows it to a supervisor.</summary>
    public async Task<JsonNode> Read(string caseNo) => await (await Supervisor).GetJson($"/api/petitions/{caseNo}");

    // ---- states --------------------------------------------------------------------------------------------------

    /// <summary>Registers a complaint in the lead unit's region (not assigned); returns its number.</summary>
    public async Task<string> Registered(object? complainant = null, DateTimeOffset? receivedAt = null)
    {
        var body = Complaints.Valid(Now, Lead, receivedAt: receivedAt ?? Now.AddDays(-1));
        if (complainant is not null) body = body.With("complainant", complainant);
        var created = await (await Intake).PostJson("/api/petitions", body, 201);
        return created["caseNo"]!.GetValue<string>();
    }

    public async Task<string> Assigned(bool withCoUnit = true, object? complainant = null, DateTimeOffset? receivedAt = null)
    {
        var caseNo = await Registered(complainant, receivedAt);
        await Act(await Intake, caseNo, "assign", new { leadUnit = Lead, coUnits = withCoUnit ? new[] { CoUnit } : [] });
        return caseNo;
    }

    public async Task<string> InProgress(bool withCoUnit = true, object? complainant = null, DateTimeOffset? receivedAt = null)
    {
        var caseNo = await Assigned(withCoUnit, complainant, receivedAt);
        await Act(await LeadHandler, caseNo, "accept");
        return caseNo;
    }

    /// <summary>Accepted, visited, result submitted; no callback yet.</summary>
    public async Task<string> ResultSubmitted(string verdict = "Substantiated", DateTimeOffset? receivedAt = null)
    {
        var caseNo = await InProgress(receivedAt: receivedAt);
        var handler = await LeadHandler;
        await Act(handler, caseNo, "site-visits", VisitBody());
        await Act(handler, caseNo, "result", ResultBody(verdict));
        return caseNo;
    }

    /// <summary>Result submitted and answered by a satisfied callback.</summary>
    public async Task<string> ReadyToClose()
    {
        var caseNo = await ResultSubmitted();
        await Act(await LeadHandler, caseNo, "callbacks", CallbackBody());
        return caseNo;
    }

    public async Task<string> Closed()
    {
        var caseNo = await ReadyToClose();
        await Act(await Supervisor, caseNo, "close", FinalClose);
        return caseNo;
    }

    public static IEnumerable<string> Types(JsonNode petition) =>
        petition["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>());

    public static int Version(JsonNode petition) => petition["version"]!.GetValue<int>();

    public static string Status(JsonNode petition) => petition["status"]!.GetValue<string>();
}
