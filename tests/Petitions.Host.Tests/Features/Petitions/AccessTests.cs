using System.Net;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>
/// Who may do which action: a role the action does not allow is 403 before the case is looked at; a case outside the
/// caller's units is 404, exactly like a case that does not exist; lead-unit actions are 403 for a co-unit's handler.
/// </summary>
public abstract class AccessTests(PetitionsHost host)
{
    private readonly CaseDriver steps = new(host);

    /// <summary>Every action with a well-formed body, so that only access decides the answer.</summary>
    private IEnumerable<(string Action, object? Body)> AllActions()
    {
        var soon = steps.Now.AddDays(30);
        yield return ("assign", new { leadUnit = Lead });
        yield return ("not-accept", new { reason = "不属于受理范围" });
        yield return ("accept", null);
        yield return ("transfer", new { toUnit = Elsewhere, reason = "属地管辖" });
        yield return ("site-visits", steps.VisitBody());
        yield return ("result", ResultBody());
        yield return ("callbacks", steps.CallbackBody());
        yield return ("close", FinalClose);
        yield return ("reopen", new { reason = "整改不到位", target = "彻底整改", dueAt = soon, responsiblePerson = "王局长" });
        yield return ("extension", new { days = 10, reason = "情况复杂" });
        yield return ("extension/approve", null);
        yield return ("extension/refuse", new { reason = "理由不充分" });
        yield return ("supervise", new { note = "请加快办理" });
        yield return ("supervision/1/reply", new { reply = "已办理" });
        yield return ("leader", new { name = "李明", title = "副州长" });
        yield return ("problem-list", new { target = "彻底整改", dueAt = soon, responsiblePerson = "王局长" });
        yield return ("complainant/reveal", new { reason = CaseDriver.RevealReason });
    }

    /// <summary>What a handler's role may do at all (on a case of their own units).</summary>
    private static readonly HashSet<string> HandlerActions =
        ["accept", "transfer", "site-visits", "result", "callbacks", "extension", "supervision/1/reply", "complainant/reveal"];

    [Fact]
    public async Task A_handler_of_another_unit_gets_404_for_every_action_it_could_do_on_its_own_cases_and_403_for_the_rest()
    {
        var caseNo = await steps.InProgress();
        var before = Version(await steps.Read(caseNo));
        var outsider = await steps.OtherHandler;

        await outsider.GetJson($"/api/petitions/{caseNo}", 404);
        foreach (var (action, body) in AllActions())
        {
            var expected = HandlerActions.Contains(action) ? 404 : 403;
            await Act(outsider, caseNo, action, body, expected);
            // Nothing tells an existing case from a missing one.
            await Act(outsider, "XF2026999999", action, body, expected);
        }

        Assert.Equal(before, Version(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task A_co_units_handler_sees_the_case_and_logs_visits_but_lead_unit_actions_are_403()
    {
        var caseNo = await steps.InProgress(withCoUnit: true);
        var coHandler = await steps.CoHandler;
        var before = Version(await steps.Read(caseNo));

        await coHandler.GetJson($"/api/petitions/{caseNo}");
        foreach (var (action, body) in AllActions().Where(a => HandlerActions.Contains(a.Action) && a.Action != "site-visits"))
        {
            var problem = await Act(coHandler, caseNo, action, body, 403);
            Assert.Equal(403, problem["status"]!.GetValue<int>());
        }

        Assert.Equal(before, Version(await steps.Read(caseNo)));
        var visited = await Act(coHandler, caseNo, "site-visits", steps.VisitBody());
        Assert.Equal("handler.654200", visited["siteVisits"]![0]!["loggedBy"]!.GetValue<string>());

        // An assigned case is accepted by the lead unit only.
        var assigned = await steps.Assigned(withCoUnit: true);
        await Act(coHandler, assigned, "accept", null, 403);
        await Act(await steps.LeadHandler, assigned, "accept");
    }

    [Fact]
    public async Task Intake_may_not_work_or_close_a_case()
    {
        var caseNo = await steps.ReadyToClose();
        var intake = await steps.Intake;
        foreach (var action in new[] { "close", "accept", "site-visits", "result", "callbacks", "reopen", "extension/approve", "supervise", "leader", "problem-list", "transfer" })
        {
            var (_, body) = AllActions().Single(a => a.Action == action);
            await Act(intake, caseNo, action, body, 403);
        }

        Assert.Equal("ResultSubmitted", Status(await steps.Read(caseNo)));
    }

    [Fact]
    public async Task A_supervisor_may_do_the_supervisors_actions_and_log_callbacks()
    {
        var supervisor = await steps.Supervisor;
        var caseNo = await steps.ResultSubmitted();
        await Act(supervisor, caseNo, "supervise", new { note = "请按期回访" });
        await Act(supervisor, caseNo, "leader", new { name = "李明", title = "副州长" });
        var called = await Act(supervisor, caseNo, "callbacks", steps.CallbackBody("BasicallySatisfied"));
        Assert.Equal("supervisor", called["callbacks"]![0]!["loggedBy"]!.GetValue<string>());
        await Act(supervisor, caseNo, "close", FinalClose);

        var registered = await steps.Registered();
        await Act(supervisor, registered, "not-accept", new { reason = "无有效线索" });

        // The supervisor may not do the lead unit's own work.
        var inProgress = await steps.InProgress();
        await Act(supervisor, inProgress, "site-visits", steps.VisitBody(), 403);
        await Act(supervisor, inProgress, "result", ResultBody(), 403);
        await Act(supervisor, inProgress, "extension", new { days = 10, reason = "情况复杂" }, 403);
    }

    [Fact]
    public async Task Without_a_token_every_action_is_401()
    {
        var caseNo = await steps.InProgress();
        var anonymous = host.CreateClient();
        foreach (var (action, body) in AllActions())
        {
            await Act(anonymous, caseNo, action, body, 401);
            await Act(anonymous, "XF2026999999", action, body, 401);
        }
    }
}

public sealed class AccessOnSqlite(SqliteHost host) : AccessTests(host), IClassFixture<SqliteHost>;

public sealed class AccessOnPostgres(PostgresHost host) : AccessTests(host), IClassFixture<PostgresHost>;
