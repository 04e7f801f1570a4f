using System.Net;
using System.Text.Json.Nodes;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Audit;

/// <summary>
/// The reveal log: an auditor (or an admin) lists every reveal across cases — who, when, which case, why — and never
/// sees the identity; an auditor sees no case; nobody else reads the log.
/// </summary>
public abstract class RevealLogTests(PetitionsHost host)
{
    private const string Name = "司马相如";
    private const string Phone = "13987651234";
    private const string Address = "伊宁市斯大林街99号";
    private readonly CaseDriver steps = new(host);

    private static object Complainant => new { name = Name, phone = Phone, address = Address, anonymous = false };

    private async Task<HttpClient> Auditor()
    {
        var username = $"aud{Guid.NewGuid():N}"[..12];
        await (await host.ClientFor("admin")).PostJson("/api/users",
            new { username, displayName = "审计员", password = "auditor-password-1", roles = new[] { "Auditor" }, allUnits = true }, 201);
        return await host.ClientFor(username, "auditor-password-1");
    }

    [Fact]
    public async Task An_auditor_lists_who_revealed_which_case_when_and_why_without_the_identity()
    {
        var first = await steps.Assigned(complainant: Complainant);
        var second = await steps.Assigned(complainant: Complainant);
        var intake = await steps.Intake;
        var supervisor = await steps.Supervisor;
        var byIntake = await Act(intake, first, "complainant/reveal", new { reason = "登记后核对举报人电话" });
        await Act(supervisor, second, "complainant/reveal", new { reason = "督办需要联系举报人" });
        var bySupervisor = await Act(supervisor, first, "complainant/reveal", new { reason = "复核举报人地址" });

        var auditor = await Auditor();
        var all = (await auditor.GetJson("/api/admin/reveals")).AsArray();
        var ofFirst = all.Where(e => e!["caseNo"]!.GetValue<string>() == first).ToList();
        Assert.Equal(2, ofFirst.Count);
        // Newest first.
        Assert.Equal("supervisor", ofFirst[0]!["user"]!.GetValue<string>());
        Assert.Equal("复核举报人地址", ofFirst[0]!["reason"]!.GetValue<string>());
        Assert.Equal(Ms(bySupervisor), Ms(ofFirst[0]!));
        Assert.Equal("intake", ofFirst[1]!["user"]!.GetValue<string>());
        Assert.Equal("登记后核对举报人电话", ofFirst[1]!["reason"]!.GetValue<string>());
        Assert.Equal(Ms(byIntake), Ms(ofFirst[1]!));
        Assert.False(string.IsNullOrEmpty(ofFirst[1]!["userName"]!.GetValue<string>()));
        Assert.Contains(all, e => e!["caseNo"]!.GetValue<string>() == second && e["reason"]!.GetValue<string>() == "督办需要联系举报人");

        var text = all.ToJsonString();
        Assert.DoesNotContain(Name, text);
        Assert.DoesNotContain(Phone, text);
        Assert.DoesNotContain(Address, text);

        // Filters: one case, one user, a day range.
        var caseOnly = (await auditor.GetJson($"/api/admin/reveals?caseNo={first}")).AsArray();
        Assert.Equal(2, caseOnly.Count);
        var supervisorOnFirst = (await auditor.GetJson($"/api/admin/reveals?caseNo={first}&user=supervisor")).AsArray();
        Assert.Equal("复核举报人地址", Assert.Single(supervisorOnFirst)!["reason"]!.GetValue<string>());
        var today = ChinaTime.DateOf(steps.Now).ToString("yyyy-MM-dd");
        var tomorrow = ChinaTime.DateOf(steps.Now).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(2, (await auditor.GetJson($"/api/admin/reveals?caseNo={first}&from={today}&to={today}")).AsArray().Count);
        Assert.Empty((await auditor.GetJson($"/api/admin/reveals?caseNo={first}&from={tomorrow}")).AsArray());

        // Admins read it too.
        Assert.Equal(2, (await (await host.ClientFor("admin")).GetJson($"/api/admin/reveals?caseNo={first}")).AsArray().Count);
    }

    /// <summary>The log keeps instants to the millisecond, like every instant in SQL.</summary>
    private static long Ms(JsonNode node) => node["revealedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds();

    [Fact]
    public async Task An_auditor_sees_no_case_and_case_workers_do_not_read_the_log()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        var auditor = await Auditor();
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"/api/petitions/{caseNo}/complainant/reveal",
            System.Net.Http.Json.JsonContent.Create(new { reason = RevealReason }))).StatusCode);
        foreach (var worker in new[] { await steps.Intake, await steps.Supervisor, await steps.LeadHandler })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/admin/reveals")).StatusCode);
        }
    }

    [Fact]
    public async Task A_malformed_filter_is_a_400_naming_the_parameter()
    {
        var auditor = await Auditor();
        var problem = await auditor.GetJson("/api/admin/reveals?from=2026-13-01", 400);
        Assert.NotNull(problem["errors"]!["from"]);
        problem = await auditor.GetJson("/api/admin/reveals?from=2026-05-02&to=2026-05-01", 400);
        Assert.NotNull(problem["errors"]!["to"]);
    }
}

public sealed class RevealLogOnSqlite(SqliteHost host) : RevealLogTests(host), IClassFixture<SqliteHost>;

public sealed class RevealLogOnPostgres(PostgresHost host) : RevealLogTests(host), IClassFixture<PostgresHost>;
