using System.Net;
using System.Text.Json.Nodes;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>Clients that retry, race or act on an old version: If-Match, Idempotency-Key, and parallel writers on one case.</summary>
public abstract class ConcurrencyTests(PetitionsHost host)
{
    private readonly CaseDriver steps = new(host);

    [Fact]
    public async Task If_Match_with_a_stale_version_is_412_and_changes_nothing()
    {
        var caseNo = await steps.InProgress();
        var handler = await steps.LeadHandler;
        var before = await steps.Read(caseNo);
        var seen = Version(before);

        await Act(handler, caseNo, "site-visits", steps.VisitBody(), ifMatch: $"\"{seen}\"");
        var stale = await Act(handler, caseNo, "site-visits", steps.VisitBody(), 412, ifMatch: $"\"{seen}\"");
        Assert.Equal("VersionMismatch", stale["rule"]!.GetValue<string>());

        var after = await steps.Read(caseNo);
        Assert.Equal(seen + 1, Version(after));
        Assert.Single(after["siteVisits"]!.AsArray());
        Assert.Equal(before["timeline"]!.AsArray().Count + 1, after["timeline"]!.AsArray().Count);

        // The current version, weak or bare, goes through; something that is not a version is a 400.
        await Act(handler, caseNo, "site-visits", steps.VisitBody(), ifMatch: $"W/\"{seen + 1}\"");
        await Act(handler, caseNo, "extension", new { days = 7, reason = "需补充监测" }, ifMatch: $"{seen + 2}");
        await Act(await steps.Supervisor, caseNo, "extension/approve", null, 412, ifMatch: $"\"{seen}\"");
        var malformed = await Act(handler, caseNo, "site-visits", steps.VisitBody(), 400, ifMatch: "\"abc\"");
        Assert.Contains(malformed["errors"]!.AsObject(), e => e.Key.Equals("if-match", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(seen + 3, Version(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_twice_is_one_timeline_entry_and_the_same_version()
    {
        var caseNo = await steps.InProgress();
        var handler = await steps.LeadHandler;
        var key = Guid.NewGuid().ToString();

        var first = await Send(handler, caseNo, "site-visits", steps.VisitBody(), key);
        var second = await Send(handler, caseNo, "site-visits", steps.VisitBody(), key);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var firstView = await first.Json();
        var secondView = await second.Json();
        Assert.Equal(Version(firstView), Version(secondView));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        var petition = await steps.Read(caseNo);
        Assert.Equal(Version(firstView), Version(petition));
        Assert.Single(Types(petition), t => t == "SiteVisitLogged");

        // A body-less action retried, even against the version it first saw, is answered, not refused.
        var accepted = await steps.Assigned();
        var seen = Version(await steps.Read(accepted));
        var acceptKey = Guid.NewGuid().ToString();
        await Act(handler, accepted, "accept", null, idempotencyKey: acceptKey, ifMatch: $"\"{seen}\"");
        var retried = await Act(handler, accepted, "accept", null, idempotencyKey: acceptKey, ifMatch: $"\"{seen}\"");
        Assert.Equal(seen + 1, Version(retried));
        Assert.Single(Types(await steps.Read(accepted)), t => t == "Accepted");
    }

    [Fact]
    public async Task An_Idempotency_Key_counts_for_one_user_and_one_action()
    {
        var caseNo = await steps.InProgress();
        var key = Guid.NewGuid().ToString();
        await Act(await steps.LeadHandler, caseNo, "site-visits", steps.VisitBody(), idempotencyKey: key);

        // The same key from another user, or for another action, is a new request, not a replay of someone else's answer.
        await Act(await steps.CoHandler, caseNo, "site-visits", steps.VisitBody(), idempotencyKey: key);
        await Act(await steps.LeadHandler, caseNo, "extension", new { days = 10, reason = "需补充监测" }, idempotencyKey: key);
        await Act(await steps.LeadHandler, caseNo, "complainant/reveal", null, idempotencyKey: key);

        var petition = await steps.Read(caseNo);
        Assert.Equal(2, Types(petition).Count(t => t == "SiteVisitLogged"));
        Assert.Single(Types(petition), t => t == "ExtensionRequested");
        Assert.Single(Types(petition), t => t == "ComplainantRevealed");

        var tooLong = await Act(await steps.LeadHandler, caseNo, "site-visits", steps.VisitBody(), 400, idempotencyKey: new string('k', 201));
        Assert.Contains(tooLong["errors"]!.AsObject(), e => e.Key.Equals("idempotency-Key", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Twenty_parallel_site_visits_by_the_lead_and_a_co_unit_are_all_kept()
    {
        var caseNo = await steps.InProgress(withCoUnit: true);
        var signedIn = new[] { await steps.LeadHandler, await steps.CoHandler };
        // Twenty clients of their own, half of them the lead unit's handler, half the co-unit's.
        var clients = Enumerable.Range(0, 20).Select(i =>
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = signedIn[i % 2].DefaultRequestHeaders.Authorization;
            return client;
        }).ToList();
        var before = Version(await steps.Read(caseNo));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Send(clients[i], caseNo, "site-visits", new
            {
                visitedAt = steps.Now.AddMinutes(-i),
                inspectors = new[] { $"检查员{i}" },
                findings = $"第{i}组现场核查",
            })));
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var versions = await Task.WhenAll(responses.Select(async r => Version(await r.Json())));
        Assert.Equal(Enumerable.Range(before + 1, 20), versions.Order());

        var petition = await steps.Read(caseNo);
        Assert.Equal(before + 20, Version(petition));
        Assert.Equal(20, Types(petition).Count(t => t == "SiteVisitLogged"));
        var visits = petition["siteVisits"]!.AsArray().Select(v => v!).ToList();
        Assert.Equal(Enumerable.Range(1, 20), visits.Select(v => v["no"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"第{i}组现场核查").Order(), visits.Select(v => v["findings"]!.GetValue<string>()).Order());
        Assert.Equal(10, visits.Count(v => v["loggedBy"]!.GetValue<string>() == "handler.654200"));
    }
}

public sealed class ConcurrencyOnSqlite(SqliteHost host) : ConcurrencyTests(host), IClassFixture<SqliteHost>;

public sealed class ConcurrencyOnPostgres(PostgresHost host) : ConcurrencyTests(host), IClassFixture<PostgresHost>;
