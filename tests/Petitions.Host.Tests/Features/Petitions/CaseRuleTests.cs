using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>
/// Each lifecycle rule refuses through the API with the rule's name and the case's status, and changes nothing;
/// each malformed field is a 400 naming it.
/// </summary>
public abstract class CaseRuleTests(PetitionsHost host)
{
    private readonly CaseDriver steps = new(host);

    [Fact]
    public async Task Unsubstantiated_without_a_site_visit_is_409_and_changes_nothing()
    {
        var caseNo = await steps.InProgress();
        var before = await steps.Read(caseNo);

        var problem = await Act(await steps.LeadHandler, caseNo, "result", ResultBody("Unsubstantiated"), 409);
        Assert.Equal("UnsubstantiatedRequiresSiteVisit", problem["rule"]!.GetValue<string>());
        Assert.Equal("InProgress", problem["currentStatus"]!.GetValue<string>());
        Assert.Equal(caseNo, problem["caseNo"]!.GetValue<string>());
        Assert.Equal(Version(before), Version(await steps.Read(caseNo)));

        await Act(await steps.LeadHandler, caseNo, "site-visits", steps.VisitBody());
        var submitted = await Act(await steps.LeadHandler, caseNo, "result", ResultBody("unsubstantiated"));
        Assert.Equal("Unsubstantiated", submitted["result"]!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task Closing_without_a_callback_is_409()
    {
        var caseNo = await steps.ResultSubmitted();
        var problem = await Act(await steps.Supervisor, caseNo, "close", FinalClose, 409);
        Assert.Equal("CloseRequiresCallback", problem["rule"]!.GetValue<string>());
        Assert.Equal("ResultSubmitted", problem["currentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_unreachable_callback_does_not_close_but_two_on_different_China_days_do()
    {
        var handler = await steps.LeadHandler;
        var supervisor = await steps.Supervisor;
        // Now: the result, an unreachable call, and another one at the same moment (the same day).
        var caseNo = await steps.ResultSubmitted(receivedAt: steps.Now.AddDays(-3));
        var firstCall = steps.Now;
        await Act(handler, caseNo, "callbacks", steps.CallbackBody("Unreachable", calledAt: firstCall));
        Assert.Equal("CloseRequiresCallback", (await Act(supervisor, caseNo, "close", FinalClose, 409))["rule"]!.GetValue<string>());
        var sameDay = await Act(handler, caseNo, "callbacks", steps.CallbackBody("Unreachable", calledAt: firstCall));
        Assert.False(sameDay["callbackRequirementMet"]!.GetValue<bool>());
        Assert.Equal("CloseRequiresCallback", (await Act(supervisor, caseNo, "close", FinalClose, 409))["rule"]!.GetValue<string>());

        // Two days later: an attempt a day (and a bit) after the first is on another China day and meets the rule.
        host.Clock.Advance(TimeSpan.FromDays(2));
        var secondDay = await Act(handler, caseNo, "callbacks", steps.CallbackBody("Unreachable", calledAt: steps.Now.AddDays(-1)));
        Assert.True(secondDay["callbackRequirementMet"]!.GetValue<bool>());
        Assert.Null(secondDay["satisfaction"]);
        var closed = await Act(supervisor, caseNo, "close", FinalClose);
        Assert.Equal("Closed", Status(closed));
    }

    [Fact]
    public async Task An_action_that_does_not_apply_to_the_state_is_409_with_the_current_status()
    {
        var assigned = await steps.Assigned();
        var resultTooEarly = await Act(await steps.LeadHandler, assigned, "result", ResultBody(), 409);
        Assert.Equal("TransitionNotAllowed", resultTooEarly["rule"]!.GetValue<string>());
        Assert.Equal("Assigned", resultTooEarly["currentStatus"]!.GetValue<string>());

        var inProgress = await steps.InProgress();
        var acceptTwice = await Act(await steps.LeadHandler, inProgress, "accept", null, 409);
        Assert.Equal("InProgress", acceptTwice["currentStatus"]!.GetValue<string>());
        var closeTooEarly = await Act(await steps.Supervisor, inProgress, "close", FinalClose, 409);
        Assert.Equal("InProgress", closeTooEarly["currentStatus"]!.GetValue<string>());
        var notAcceptLate = await Act(await steps.Intake, inProgress, "not-accept", new { reason = "重复" }, 409);
        Assert.Equal("InProgress", notAcceptLate["currentStatus"]!.GetValue<string>());
        var approveNothing = await Act(await steps.Supervisor, inProgress, "extension/approve", null, 409);
        Assert.Equal("NoPendingExtension", approveNothing["rule"]!.GetValue<string>());

        var closed = await steps.Closed();
        var visitClosed = await Act(await steps.LeadHandler, closed, "site-visits", steps.VisitBody(), 409);
        Assert.Equal("Closed", visitClosed["currentStatus"]!.GetValue<string>());
        var closeTwice = await Act(await steps.Supervisor, closed, "close", FinalClose, 409);
        Assert.Equal("Closed", closeTwice["currentStatus"]!.GetValue<string>());
        var extendClosed = await Act(await steps.LeadHandler, closed, "extension", new { days = 10, reason = "x" }, 409);
        Assert.Equal("Closed", extendClosed["currentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stage_closure_without_a_rectification_date_is_400_naming_it()
    {
        var caseNo = await steps.ReadyToClose();
        var version = Version(await steps.Read(caseNo));
        var problem = await Act(await steps.Supervisor, caseNo, "close", new { kind = "Stage", note = "阶段性办结" }, 400);
        Assert.Equal(["rectificationDueAt"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(version, Version(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task Dates_users_report_must_not_be_before_the_complaint_was_received()
    {
        var caseNo = await steps.InProgress();
        var problem = await Act(await steps.LeadHandler, caseNo, "site-visits", steps.VisitBody(steps.Now.AddDays(-30)), 400);
        Assert.Equal("DateBeforeReceipt", problem["rule"]!.GetValue<string>());
        Assert.True(problem["errors"]!.AsObject().ContainsKey("visitedAt"), problem.ToJsonString());
    }

    private static readonly string Long501 = new('长', 501);

    /// <summary>The rows of <see cref="InvalidBodiesAt"/> by action, field and number (their dates follow the host's clock).</summary>
    public static TheoryData<string, string, int> InvalidBodies()
    {
        var rows = new TheoryData<string, string, int>();
        var number = 0;
        foreach (var row in InvalidBodiesAt(DateTimeOffset.UnixEpoch)) rows.Add((string)row[0], (string)row[2], number++);
        return rows;
    }

    /// <summary>An action, a body with one malformed field, and the field the 400 must name; dates relative to <paramref name="now"/>.</summary>
    private static TheoryData<string, object, string> InvalidBodiesAt(DateTimeOffset now)
    {
        var visit = (DateTimeOffset? at, object? inspectors, string? findings) => new { visitedAt = at, inspectors, findings };
        var callback = (string? at, string? method, string? contact, string? satisfaction, string? note) =>
            new { calledAt = at, method, contact, satisfaction, note };
        var inspectors = new[] { "甲" };
        var ok = now.AddMinutes(-1).ToString("O");
        return new TheoryData<string, object, string>
        {
            { "not-accept", new { reason = "" }, "reason" },
            { "not-accept", new { reason = Long501 }, "reason" },
            { "not-accept", new { }, "reason" },
            { "transfer", new { toUnit = "999999", reason = "属地" }, "toUnit" },
            { "transfer", new { toUnit = "", reason = "属地" }, "toUnit" },
            { "transfer", new { toUnit = "650100" }, "reason" },
            { "site-visits", visit(now.AddHours(1), inspectors, "核查"), "visitedAt" },
            { "site-visits", visit(null, inspectors, "核查"), "visitedAt" },
            { "site-visits", new { visitedAt = "yesterday", inspectors, findings = "核查" }, "visitedAt" },
            { "site-visits", visit(now, Array.Empty<string>(), "核查"), "inspectors" },
            { "site-visits", visit(now, null, "核查"), "inspectors" },
            { "site-visits", visit(now, Enumerable.Range(1, 11).Select(i => $"检查员{i}").ToArray(), "核查"), "inspectors" },
            { "site-visits", visit(now, new[] { "甲", " " }, "核查"), "inspectors[1]" },
            { "site-visits", visit(now, new[] { new string('名', 51) }, "核查"), "inspectors[0]" },
            { "site-visits", visit(now, "甲", "核查"), "inspectors" },
            { "site-visits", visit(now, inspectors, ""), "findings" },
            { "site-visits", visit(now, inspectors, new string('查', 5001)), "findings" },
            { "result", new { verdict = "Maybe", findings = "f", measures = "m", publicSummary = "p" }, "verdict" },
            { "result", new { verdict = (string?)null, findings = "f", measures = "m", publicSummary = "p" }, "verdict" },
            { "result", new { verdict = "1", findings = "f", measures = "m", publicSummary = "p" }, "verdict" },
            { "result", new { verdict = "Substantiated", findings = "", measures = "m", publicSummary = "p" }, "findings" },
            { "result", new { verdict = "Substantiated", findings = "f", measures = " ", publicSummary = "p" }, "measures" },
            { "result", new { verdict = "Substantiated", findings = "f", measures = "m", penalties = new string('罚', 5001), publicSummary = "p" }, "penalties" },
            { "result", new { verdict = "Substantiated", findings = "f", measures = "m", publicSummary = new string('公', 2001) }, "publicSummary" },
            { "callbacks", callback(now.AddHours(1).ToString("O"), "Phone", "Complainant", "Satisfied", null), "calledAt" },
            { "callbacks", callback(ok, "Email", "Complainant", "Satisfied", null), "method" },
            { "callbacks", callback(ok, "Phone", "Neighbour", "Satisfied", null), "contact" },
            { "callbacks", callback(ok, "Phone", "Resident", "Happy", null), "satisfaction" },
            { "callbacks", callback(ok, "Phone", "Resident", null, null), "satisfaction" },
            { "callbacks", callback(ok, "Phone", "Resident", "Satisfied", Long501), "note" },
            { "close", new { kind = "Partial" }, "kind" },
            { "close", new { kind = "Stage", rectificationDueAt = now.AddDays(-1) }, "rectificationDueAt" },
            { "close", new { kind = "Stage", rectificationDueAt = now.AddYears(50) }, "rectificationDueAt" },
            { "close", new { kind = "Final", rectificationDueAt = now.AddDays(30) }, "rectificationDueAt" },
            { "close", new { kind = "Final", note = Long501 }, "note" },
            { "reopen", new { reason = "", target = "t", dueAt = now.AddDays(30), responsiblePerson = "王" }, "reason" },
            { "reopen", new { reason = "r", target = "", dueAt = now.AddDays(30), responsiblePerson = "王" }, "target" },
            { "reopen", new { reason = "r", target = "t", dueAt = now.AddDays(-1), responsiblePerson = "王" }, "dueAt" },
            { "reopen", new { reason = "r", target = "t", responsiblePerson = "王" }, "dueAt" },
            { "reopen", new { reason = "r", target = "t", dueAt = now.AddDays(30), responsiblePerson = new string('王', 51) }, "responsiblePerson" },
            { "extension", new { days = 31, reason = "复杂" }, "days" },
            { "extension", new { days = 0, reason = "复杂" }, "days" },
            { "extension", new { reason = "复杂" }, "days" },
            { "extension", new { days = "ten", reason = "复杂" }, "days" },
            { "extension", new { days = 10, reason = "" }, "reason" },
            { "extension/refuse", new { reason = " " }, "reason" },
            { "supervise", new { note = "" }, "note" },
            { "supervise", new { note = "督办", replyDueAt = now.AddDays(-1) }, "replyDueAt" },
            { "supervision/1/reply", new { reply = "" }, "reply" },
            { "supervision/1/reply", new { reply = new string('复', 2001) }, "reply" },
            { "supervision/0/reply", new { reply = "已办理" }, "noticeNo" },
            { "leader", new { name = "", title = "副州长" }, "name" },
            { "leader", new { name = "李\u0000明", title = "副州长" }, "name" },
            { "site-visits", visit(now, new[] { "甲\u001b" }, "核查"), "inspectors[0]" },
            { "callbacks", callback(ok, "Phone", "Resident", "Satisfied", "响铃\u0007"), "note" },
            { "leader", new { name = "李明", title = new string('长', 51) }, "title" },
            { "problem-list", new { target = "t", responsiblePerson = "王" }, "dueAt" },
            { "problem-list", new { target = "", dueAt = now.AddDays(30), responsiblePerson = "王" }, "target" },
            { "problem-list", new { target = "t", dueAt = now.AddDays(30), responsiblePerson = "" }, "responsiblePerson" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task A_malformed_field_is_400_naming_it_and_changes_nothing(string action, string field, int row)
    {
        var body = InvalidBodiesAt(steps.Now).ElementAt(row)[1];
        var caseNo = await steps.Shared("in progress, never changed", s => s.InProgress());
        var client = action switch
        {
            "not-accept" => await steps.Intake,
            "site-visits" or "result" or "extension" or "supervision/1/reply" or "supervision/0/reply" or "callbacks" or "transfer" => await steps.LeadHandler,
            _ => await steps.Supervisor,
        };
        var before = Version(await steps.Read(caseNo));

        var response = await Send(client, caseNo, action, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action}: {(int)response.StatusCode} {text}");
        var problem = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!;
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"{action}: expected an error for '{field}', got {text}");
        Assert.Equal(before, Version(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task Nothing_a_client_can_send_is_a_500()
    {
        var caseNo = await steps.Shared("in progress, never changed", s => s.InProgress());
        var handler = await steps.LeadHandler;
        var supervisor = await steps.Supervisor;
        string[] strangeValues =
        [
            "null", "true", "0", "-1", "2147483648", "1.5", "1e400", "\"\"", "\" \"", "[]", "[null]", "{}", "[[[[[[]]]]]]",
            "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59-12:00\"",
            "\"2026-02-30T00:00:00Z\"", "\"\\u0000\"", "\"a\\u0001b\"", "\"\\ud800\"", "\"\\udc00x\\ud800\"", $"\"{new string('x', 100_000)}\"", $"[{string.Join(',', Enumerable.Repeat("\"甲\"", 1000))}]",
        ];
        string[] fields =
        [
            "reason", "toUnit", "visitedAt", "inspectors", "findings", "verdict", "measures", "penalties", "publicSummary", "calledAt",
            "method", "contact", "satisfaction", "note", "kind", "rectificationDueAt", "target", "dueAt", "responsiblePerson", "days",
            "replyDueAt", "reply", "name", "title",
        ];
        (string Action, HttpClient Client)[] actions =
        [
            ("not-accept", supervisor), ("transfer", handler), ("site-visits", handler), ("result", handler), ("callbacks", handler),
            ("close", supervisor), ("reopen", supervisor), ("extension", handler), ("extension/refuse", supervisor),
            ("supervise", supervisor), ("supervision/1/reply", handler), ("leader", supervisor), ("problem-list", supervisor),
        ];

        var failures = new List<string>();
        async Task Check(string what, Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            if ((int)response.StatusCode >= 500) failures.Add($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var (action, client) in actions)
        {
            foreach (var value in strangeValues)
            {
                var json = "{" + string.Join(",", fields.Select(f => $"\"{f}\": {value}")) + "}";
                var request = new HttpRequestMessage(action == "problem-list" ? HttpMethod.Put : HttpMethod.Post, Url(caseNo, action))
                {
                    Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
                };
                await Check($"{action} with {value[..Math.Min(40, value.Length)]}", client.SendAsync(request));
            }
        }

        foreach (var strangeCaseNo in new[] { new string('9', 2000), "案件", "XF 2026", "..", "a%2Fb", "'; DROP TABLE cases; --" })
        {
            await Check($"case {strangeCaseNo[..Math.Min(20, strangeCaseNo.Length)]}", Send(handler, strangeCaseNo, "site-visits", steps.VisitBody()));
            await Check($"reveal {strangeCaseNo[..Math.Min(20, strangeCaseNo.Length)]}", Send(handler, strangeCaseNo, "complainant/reveal"));
        }

        foreach (var ifMatch in new[] { "*", "W/", "\"\"", "-1", "0", "99999999999", "\"1\", \"2\"", "W/\"x\"", new string('9', 5000) })
        {
            await Check($"If-Match {ifMatch[..Math.Min(20, ifMatch.Length)]}", Send(supervisor, caseNo, "extension/approve", ifMatch: ifMatch));
        }

        foreach (var key in new[] { " ", "\t", "键", new string('k', 200), new string('k', 100_000) })
        {
            await Check($"Idempotency-Key {key.Length}", Send(supervisor, caseNo, "extension/approve", idempotencyKey: key));
        }

        await Check("reply to notice 2147483648", Send(handler, caseNo, "supervision/2147483648/reply", new { reply = "x" }));
        await Check("reply to notice -1", Send(handler, caseNo, "supervision/-1/reply", new { reply = "x" }));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Strange but well-formed values may pass (a leader named "0001-01-01T00:00:00Z"); the case is still being worked on.
        Assert.Equal("InProgress", Status(await steps.Read(caseNo)));
    }
}

public sealed class CaseRulesOnSqlite(SqliteHost host) : CaseRuleTests(host), IClassFixture<SqliteHost>;

public sealed class CaseRulesOnPostgres(PostgresHost host) : CaseRuleTests(host), IClassFixture<PostgresHost>;
