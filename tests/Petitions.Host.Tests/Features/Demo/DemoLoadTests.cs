using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common;
using Petitions.Contracts.ReadModel;
using Petitions.Demo;
using Petitions.Application.Features.Demo;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Demo;

/// <summary>
/// The demo data set loaded by a real host through the command path. The report-sized plan takes about a minute, so
/// this loads a plan of the same shape at a tenth of the size (its exactness logic is the same; the report-sized plan's
/// counts are replayed through the domain in <see cref="DemoPlanTests"/>).
/// </summary>
public sealed class DemoLoadTests
{
    /// <summary>72.1% and 98.5%, as in the report, on a small scale.</summary>
    private static readonly Dictionary<string, string?> Small = new()
    {
        ["Demo:LoadData"] = "true",
        ["Demo:Size:Round1Cases"] = "61",
        ["Demo:Size:Round1Closed"] = "44",
        ["Demo:Size:Round2Cases"] = "200",
        ["Demo:Size:Round2Closed"] = "197",
        ["Demo:Size:RoutineCases"] = "60",
    };

    private sealed record Tally(string Round, long Total, long Closed);

    private sealed record Row(string CaseNo, long Version, string Status);

    private static async Task<List<Tally>> Recount(PetitionsHost host)
    {
        await using var connection = await host.Services.GetRequiredService<IDatabase>().OpenAsync();
        return (await connection.QueryAsync<Tally>(
            """
            SELECT COALESCE(round_code, '-') AS Round, COUNT(*) AS Total, SUM(CASE WHEN status = 'Closed' THEN 1 ELSE 0 END) AS Closed
            FROM case_index WHERE status <> 'NotAccepted' GROUP BY round_code ORDER BY Round
            """)).ToList();
    }

    private static async Task<string> Snapshot(PetitionsHost host)
    {
        await using var connection = await host.Services.GetRequiredService<IDatabase>().OpenAsync();
        var rows = await connection.QueryAsync<Row>("SELECT case_no AS CaseNo, version AS Version, status AS Status FROM case_index ORDER BY case_no");
        var storage = string.Join(';', await connection.QueryAsync<(string, string, long)>("SELECT GrainTypeString, COALESCE(GrainIdExtensionString, CAST(GrainIdN1 AS TEXT)), Version FROM OrleansStorage ORDER BY 1, 2"));
        var rounds = await connection.QuerySingleAsync<(long, long)>("SELECT (SELECT COUNT(*) FROM rounds), (SELECT COUNT(*) FROM batches)");
        return $"{string.Join(';', rows)}|{storage}|{rounds}";
    }

    private static async Task<DemoStatus> WaitForDemo(PetitionsHost host)
    {
        var client = host.CreateClient();
        for (var i = 0; i < 600; i++)
        {
            var status = (await client.GetJson("/api/demo/status")).Deserialize<DemoStatus>(ApiJson.Options)!;
            if (status.State is DemoStatus.Done or DemoStatus.Failed) return status;
            await Task.Delay(500);
        }

        throw new TimeoutException("The demo data did not finish loading within 5 minutes.");
    }

    [Fact]
    public async Task A_demo_load_is_exact_to_the_case_and_loading_it_again_or_restarting_changes_nothing()
    {
        string location;
        string before;
        await using (var host = new PetitionsHost(Profile.Sqlite, extra: Small))
        {
            var status = await WaitForDemo(host);
            Assert.Equal(DemoStatus.Done, status.State);
            Assert.Equal((321, 321, 0), (status.Total, status.Completed, status.Failures));

            // Recounted from the read model: totals without the not-accepted cases, and the closed ones.
            var tally = await Recount(host);
            Assert.Equal(new Tally("R1", 61, 44), tally.Single(t => t.Round == "R1"));
            Assert.Equal(new Tally("R2", 200, 197), tally.Single(t => t.Round == "R2"));
            Assert.Equal(48, tally.Single(t => t.Round == "-").Total);
            Assert.Equal(12, await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE status = 'NotAccepted'"));
            Assert.True(await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE is_repeat = 1") > 0);
            Assert.True(await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE is_open = 1 AND due_at < @now", new { now = host.Clock.GetUtcNow().ToUnixTimeMilliseconds() }) > 0);
            Assert.Equal(10, await host.Scalar<long>("SELECT handling_days FROM rounds WHERE code = 'R2'"));

            // What managers see: the statistics endpoint shows the same numbers and rates.
            var supervisor = await host.ClientFor("supervisor");
            var rows = (await supervisor.GetJson("/api/stats/completion?groupBy=round")).AsArray();
            var round1 = rows.Single(r => r!["key"]?.GetValue<string>() == "R1")!;
            var round2 = rows.Single(r => r!["key"]?.GetValue<string>() == "R2")!;
            Assert.Equal((61, 44, 72.1m), (round1["total"]!.GetValue<int>(), round1["closed"]!.GetValue<int>(), round1["completionRate"]!.GetValue<decimal>()));
            Assert.Equal((200, 197, 98.5m), (round2["total"]!.GetValue<int>(), round2["closed"]!.GetValue<int>(), round2["completionRate"]!.GetValue<decimal>()));

            // The read model equals a recount from the case states.
            var admin = await host.ClientFor("admin");
            Assert.False((await admin.PostJson("/api/admin/stats/rebuild", new { }))["corrected"]!.GetValue<bool>());

            // Loading again replays every command and changes nothing.
            before = await Snapshot(host);
            var again = await host.Services.GetRequiredService<DemoData>().LoadAsync(force: true);
            Assert.NotNull(again);
            Assert.Equal(0, again.Failures);
            Assert.Equal(again.Commands, again.Replayed);
            Assert.Equal(before, await Snapshot(host));
            location = host.DatabaseLocation;
        }

        // A later start on the same database sees the mark in the meta table and skips the load.
        await using (var restarted = new PetitionsHost(Profile.Sqlite, location, Small))
        {
            var status = await WaitForDemo(restarted);
            Assert.Equal(DemoStatus.Done, status.State);
            Assert.Equal(0, status.Commands);
            Assert.Equal(before, await Snapshot(restarted));
        }
    }

    [Fact]
    public async Task A_host_killed_in_the_middle_of_the_load_finishes_it_on_the_next_start_with_the_same_numbers()
    {
        var database = Path.Combine(Path.GetTempPath(), "petitions-demo-kill", Guid.NewGuid().ToString("N"), "p.db");
        string[] settings = ["--Demo:LoadData=true", "--Demo:Parallelism=8", .. Small.Where(s => s.Key.StartsWith("Demo:Size:")).Select(s => $"--{s.Key}={s.Value}")];
        await using (var first = await HostProcess.StartAsync(database, settings))
        {
            // SIGKILL while cases are half-way through their lives.
            using var client = new HttpClient { BaseAddress = first.Address };
            for (var i = 0; i < 600; i++)
            {
                var status = await client.GetJson("/api/demo/status");
                if (status["completed"]!.GetValue<int>() >= 20 || status["state"]!.GetValue<string>() == DemoStatus.Done) break;
                await Task.Delay(50);
            }

            first.Kill();
        }

        await using var second = await HostProcess.StartAsync(database, settings);
        using (var client = new HttpClient { BaseAddress = second.Address })
        {
            var status = await client.GetJson("/api/demo/status");
            for (var i = 0; i < 1200 && status["state"]!.GetValue<string>() != DemoStatus.Done; i++)
            {
                await Task.Delay(250);
                status = await client.GetJson("/api/demo/status");
            }

            // It continued the interrupted load (replaying what was done), rather than finding it finished.
            Assert.True(status["replayed"]!.GetValue<long>() > 0, status.ToJsonString());
            Assert.True(status["commands"]!.GetValue<long>() > status["replayed"]!.GetValue<long>(), status.ToJsonString());
        }

        var supervisor = await second.ClientFor("supervisor");
        var rows = (await supervisor.GetJson("/api/stats/completion?groupBy=round")).AsArray();
        (int, int) Round(string code) => rows.Single(r => r!["key"]?.GetValue<string>() == code) is { } row
            ? (row["total"]!.GetValue<int>(), row["closed"]!.GetValue<int>())
            : default;
        Assert.Equal((61, 44), Round("R1"));
        Assert.Equal((200, 197), Round("R2"));
        var admin = await second.ClientFor("admin");
        Assert.False((await admin.PostJson("/api/admin/stats/rebuild", new { }))["corrected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_demo_data_the_status_says_so_to_anyone()
    {
        await using var host = new PetitionsHost(Profile.Sqlite);
        var status = await host.CreateClient().GetJson("/api/demo/status");
        Assert.Equal(DemoStatus.Disabled, status["state"]!.GetValue<string>());
        Assert.Equal(0, await host.Scalar<long>("SELECT COUNT(*) FROM case_index"));
    }
}
