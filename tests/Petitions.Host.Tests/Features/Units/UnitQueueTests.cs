using System.Net;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Units;

public abstract class UnitQueueTests(PetitionsHost host)
{
    private const string Unit = "652900";
    private readonly CaseDriver cases = new(host);

    [Fact]
    public async Task The_queue_holds_the_units_open_cases_overdue_first_then_by_due_date()
    {
        var now = host.Clock.GetUtcNow();
        var spec = new CaseSpec { Region = Unit };
        var overdueLately = await cases.Overdue(spec, Unit, receivedDaysAgo: 20);
        var overdueLongAgo = await cases.Overdue(spec, Unit, receivedDaysAgo: 30);
        var dueInFive = await cases.InProgress(spec, Unit, dueAt: now.AddDays(5));
        var dueInTwo = await cases.InProgress(spec, Unit, dueAt: now.AddDays(2));
        var asCoUnit = await cases.InProgress(spec with { Region = "650100" }, "650100", [Unit], dueAt: now.AddDays(3));
        var closed = await cases.Closed(spec, Unit);
        await cases.NotAccept(await cases.Register(spec));
        var elsewhere = await cases.InProgress(new CaseSpec { Region = "654000" }, "654000");

        var handler = await host.ClientFor($"handler.{Unit}");
        var queue = await handler.GetJson($"/api/units/{Unit}/queue");
        Assert.Equal([overdueLongAgo, overdueLately, dueInTwo, asCoUnit, dueInFive], queue.CaseNos());
        Assert.Equal(5, queue["total"]!.GetValue<int>());
        Assert.Equal([true, true, false, false, false], queue.Items().Select(i => i["overdue"]!.GetValue<bool>()));
        Assert.Equal(2, queue.Item(dueInTwo)["daysLeft"]!.GetValue<int>());
        Assert.Equal(Unit, queue.Item(asCoUnit)["coUnits"]![0]!["code"]!.GetValue<string>());
        Assert.DoesNotContain(closed, queue.CaseNos());
        Assert.DoesNotContain(elsewhere, queue.CaseNos());

        var second = await handler.GetJson($"/api/units/{Unit}/queue?page=2&pageSize=2");
        Assert.Equal([dueInTwo, asCoUnit], second.CaseNos());
        Assert.Equal(5, second["total"]!.GetValue<int>());
        Assert.Equal(2, second["page"]!.GetValue<int>());

        // The exact unit: its parent's queue does not hold its cases, and a co-unit sees the case in its own queue.
        var parent = await (await host.ClientFor("supervisor")).GetJson("/api/units/650000/queue?pageSize=200");
        Assert.Empty(parent.CaseNos().Intersect([overdueLately, overdueLongAgo, dueInFive, dueInTwo]));
        var urumqi = await (await host.ClientFor("handler.650100")).GetJson("/api/units/650100/queue?pageSize=200");
        Assert.Contains(asCoUnit, urumqi.CaseNos());
    }

    [Fact]
    public async Task A_unit_outside_the_callers_scope_or_unknown_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.ClientFor("handler.654000")).GetAsync($"/api/units/{Unit}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.ClientFor("supervisor")).GetAsync("/api/units/XX99/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientFor("supervisor")).GetAsync($"/api/units/{Unit}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientFor("intake")).GetAsync($"/api/units/{Unit}/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientFor("admin")).GetAsync($"/api/units/{Unit}/queue")).StatusCode);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    public async Task A_bad_paging_parameter_is_400_naming_it(string query, string parameter)
    {
        var problem = await (await host.ClientFor($"handler.{Unit}")).GetJson($"/api/units/{Unit}/queue?{query}", 400);
        Assert.NotNull(problem["errors"]![parameter]);
    }
}

public sealed class UnitQueueOnSqlite(SqliteHost host) : UnitQueueTests(host), IClassFixture<SqliteHost>;

public sealed class UnitQueueOnPostgres(PostgresHost host) : UnitQueueTests(host), IClassFixture<PostgresHost>;
