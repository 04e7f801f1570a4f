using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Features.Stats;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Units;

/// <summary>The unit page's live statistics, served by the unit's grain from the counters it keeps in memory.</summary>
public abstract class UnitStatisticsTests(PetitionsHost host)
{
    private async Task<int> Total(HttpClient client, string unit, int? expected = null)
    {
        async Task<int> Read() => (await client.GetJson($"/api/units/{unit}"))["statistics"]!["total"]!.GetValue<int>();
        return expected is { } wanted ? await Settle.Until(Read, t => t == wanted) : await Read();
    }

    [Fact]
    public async Task A_parent_unit_counts_the_cases_of_the_units_below_it_and_follows_a_unit_that_moves()
    {
        var admin = await host.ClientFor("admin");
        var supervisor = await host.ClientFor("supervisor");
        var intake = await host.ClientFor("intake");
        var code = $"S{Random.Shared.Next(10000, 99999)}";
        await admin.PostJson("/api/units", new { code, name = "统计测试局", parentCode = "650000", kind = "Department" }, 201);
        var region = await Total(supervisor, "650000");
        var corps = await Total(supervisor, "BT");

        // Registered cases reach the unit, and its parent (the grain of the parent was told through the unit's).
        for (var i = 0; i < 2; i++)
        {
            await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), region: code).With("leadUnit", code), 201);
        }

        Assert.Equal(2, await Total(supervisor, code, 2));
        Assert.Equal(region + 2, await Total(supervisor, "650000", region + 2));

        // The unit moves under the Corps: its cases leave the region's figures and join the Corps'.
        var moved = await admin.PutAsJsonAsync($"/api/units/{code}", new { name = "统计测试局", parentCode = "BT", kind = "Department" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(region, await Total(supervisor, "650000", region));
        Assert.Equal(corps + 2, await Total(supervisor, "BT", corps + 2));
        Assert.Equal(2, await Total(supervisor, code));
    }

    [Fact]
    public async Task The_unit_page_and_the_dashboard_drill_down_from_the_grain_equal_the_counter_tables()
    {
        var intake = await host.ClientFor("intake");
        var supervisor = await host.ClientFor("supervisor");
        await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), region: "BT03").With("leadUnit", "BT03"), 201);

        // A received-date range is answered from the counter tables (by received day); one that covers every case
        // counts what the grain counts.
        var tables = (await supervisor.GetJson("/api/stats/completion?unit=BT&from=2000-01-01")).AsArray().Single()!;
        Assert.True(tables["total"]!.GetValue<int>() >= 1);
        var page = await Settle.Until(async () => (await supervisor.GetJson("/api/units/BT"))["statistics"]!,
            s => s["total"]!.GetValue<int>() == tables["total"]!.GetValue<int>());
        var drill = (await supervisor.GetJson("/api/stats/completion?groupBy=unit&unit=BT")).AsArray();
        foreach (var measure in new[] { "total", "open", "closed", "notAccepted", "closedOnTime" })
        {
            Assert.Equal(tables[measure]!.GetValue<int>(), page[measure]!.GetValue<int>());
            Assert.Equal(tables[measure]!.GetValue<int>(), drill.Sum(r => r![measure]!.GetValue<int>()));
        }

        Assert.Contains(drill, r => r!["key"]!.GetValue<string>() == "BT03" && r["total"]!.GetValue<int>() >= 1);
    }
}

public sealed class UnitStatisticsOnSqlite(SqliteHost host) : UnitStatisticsTests(host), IClassFixture<SqliteHost>;

public sealed class UnitStatisticsOnPostgres(PostgresHost host) : UnitStatisticsTests(host), IClassFixture<PostgresHost>;

/// <summary>Two silos: a unit grain lives on one of them, and the projector of either reaches it.</summary>
public sealed class UnitStatisticsClusterTests
{
    [Fact]
    public async Task Cases_registered_through_one_silo_reach_the_unit_statistics_read_through_the_other_on_Postgres()
    {
        var cluster = new Dictionary<string, string?> { ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}" };
        await using var first = new PetitionsHost(Profile.Postgres, extra: cluster);
        var intake = await first.ClientFor("intake");
        await using var second = new PetitionsHost(Profile.Postgres, first.DatabaseLocation, cluster);
        var supervisor = await second.ClientFor("supervisor");

        // Every division's grain is activated (and keeps its copy) before the cases come, wherever it was placed.
        var divisions = Enumerable.Range(1, 14).Select(i => $"BT{i:D2}").ToList();
        var before = new Dictionary<string, int>();
        foreach (var unit in divisions) before[unit] = (await supervisor.GetJson($"/api/units/{unit}"))["statistics"]!["total"]!.GetValue<int>();

        foreach (var unit in divisions)
        {
            await intake.PostJson("/api/petitions", Complaints.Valid(first.Clock.GetUtcNow(), region: unit).With("leadUnit", unit), 201);
        }

        foreach (var unit in divisions)
        {
            var total = await Settle.Until(async () => (await supervisor.GetJson($"/api/units/{unit}"))["statistics"]!["total"]!.GetValue<int>(), t => t == before[unit] + 1);
            Assert.Equal(before[unit] + 1, total);
        }
    }
}
