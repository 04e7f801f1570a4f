using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common;
using Petitions.Application.Features.Demo;
using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Demo;

/// <summary>
/// The demo data loaded by a real host through the history path (a small set of the report's shape): every case's
/// timeline is in order, starts at its receipt, has nothing after now and ends with the import mark; the rounds' rates
/// are the report's; the on-time rate is below 100%; the round's closings spread over its weeks.
/// </summary>
public sealed class DemoHistoryTests
{
    [Fact]
    public async Task Demo_timelines_are_chronological_from_receipt_to_now_and_the_rates_are_the_reports()
    {
        await using var host = new PetitionsHost(Profile.Sqlite, extra: new Dictionary<string, string?>
        {
            ["Demo:LoadData"] = "true",
            ["Demo:Size:Round1Cases"] = "61",
            ["Demo:Size:Round1Closed"] = "44",
            ["Demo:Size:Round2Cases"] = "200",
            ["Demo:Size:Round2Closed"] = "197",
            ["Demo:Size:RoutineCases"] = "60",
        });
        var anonymous = host.CreateClient();
        DemoStatus? status = null;
        for (var i = 0; i < 600 && status?.State is not (DemoStatus.Done or DemoStatus.Failed); i++)
        {
            await Task.Delay(500);
            status = (await anonymous.GetJson("/api/demo/status")).Deserialize<DemoStatus>(ApiJson.Options)!;
        }

        Assert.Equal((DemoStatus.Done, 0), (status!.State, status.Failures));
        var now = host.Clock.GetUtcNow();
        await using var connection = await host.Services.GetRequiredService<IDatabase>().OpenAsync();
        var caseNos = (await connection.QueryAsync<string>("SELECT case_no FROM case_index ORDER BY case_no")).ToList();
        Assert.Equal(321, caseNos.Count);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        foreach (var caseNo in caseNos)
        {
            var c = (await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get())!;
            // The work, in order from the receipt; then the import mark (and, on an original, its repeats told at load time).
            var work = c.Timeline.TakeWhile(e => e.Event is not HistoryImported).ToList();
            Assert.Equal(c.ReceivedAt, c.Timeline[0].At);
            Assert.IsType<CaseRegistered>(c.Timeline[0].Event);
            Assert.Equal(work.Select(e => e.At).Order(), work.Select(e => e.At));
            var imported = c.Timeline.Single(e => e.Event is HistoryImported);
            Assert.Equal("demo", imported.Actor.Id);
            Assert.All(c.Timeline, e => Assert.True(e.At <= now, $"{caseNo}: {e.Event.GetType().Name} at {e.At:O}, after now {now:O}"));
            if (c.AcceptedAt is { } accepted) Assert.True(accepted < c.ReceivedAt.AddDays(4), $"{caseNo}: accepted {accepted:O}, received {c.ReceivedAt:O}");
            if (c.IsOpen) Assert.True(c.DueAt is not null, caseNo);
        }

        var supervisor = await host.ClientFor("supervisor");
        var rows = (await supervisor.GetJson("/api/stats/completion?groupBy=round")).AsArray();
        var round1 = rows.Single(r => r!["key"]?.GetValue<string>() == "R1")!;
        var round2 = rows.Single(r => r!["key"]?.GetValue<string>() == "R2")!;
        Assert.Equal(72.1m, round1["completionRate"]!.GetValue<decimal>());
        Assert.Equal(98.5m, round2["completionRate"]!.GetValue<decimal>());
        Assert.All(new[] { round1, round2 }, r => Assert.True(r["onTimeRate"]!.GetValue<decimal>() < 100m, r.ToJsonString()));
        Assert.True(await host.Scalar<long>("SELECT COUNT(*) FROM case_index WHERE closed_on_time = 0") > 0);

        // The weekly trend shows the second round's rhythm: its closings spread over several weeks, none holding them all.
        var trend = (await supervisor.GetJson("/api/stats/trend?round=R2&weeks=26")).AsArray();
        var closedWeeks = trend.Select(w => w!["closed"]!.GetValue<int>()).Where(n => n > 0).ToList();
        Assert.Equal(197, closedWeeks.Sum());
        Assert.True(closedWeeks.Count >= 3, string.Join(",", closedWeeks));
        Assert.True(closedWeeks.Max() < 197 * 0.8, string.Join(",", closedWeeks));
    }
}
