using System.Text.Json;
using Petitions.Application.Common;
using Petitions.Application.Features.Demo;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Rectification;

/// <summary>With the demo data (a small set), the ledger is loaded from the embedded report before the load reports itself done.</summary>
public sealed class DemoLedgerTests
{
    [Fact]
    public async Task The_demo_holds_the_reports_ledger_with_14_and_19_and_links_problem_18_to_demo_cases()
    {
        await using var host = new PetitionsHost(Profile.Sqlite, extra: new Dictionary<string, string?>
        {
            ["Demo:LoadData"] = "true",
            ["Demo:Size:Round1Cases"] = "20",
            ["Demo:Size:Round1Closed"] = "14",
            ["Demo:Size:Round2Cases"] = "120",
            ["Demo:Size:Round2Closed"] = "110",
            ["Demo:Size:RoutineCases"] = "40",
        });
        var anonymous = host.CreateClient();
        for (var i = 0; i < 600; i++)
        {
            var status = (await anonymous.GetJson("/api/demo/status")).Deserialize<DemoStatus>(ApiJson.Options)!;
            if (status.State is DemoStatus.Done or DemoStatus.Failed) break;
            await Task.Delay(500);
        }

        var supervisor = await host.ClientFor("supervisor");
        var plans = (await supervisor.GetJson("/api/rectification/plans")).AsArray();
        Assert.Equal(["R2-650000", "R2-BT"], plans.Select(p => p!["code"]!.GetValue<string>()).Order());
        Assert.All(plans, p => Assert.Equal("2023-06-30", p!["asOf"]!.GetValue<string>()));
        Assert.Equal(14, (await supervisor.GetJson("/api/rectification/plans/R2-650000/summary?asOf=2023-06-30"))["completed"]!.GetValue<int>());
        Assert.Equal(19, (await supervisor.GetJson("/api/rectification/plans/R2-BT/summary?asOf=2023-06-30"))["completed"]!.GetValue<int>());

        var eighteen = await supervisor.GetJson("/api/rectification/tasks/R2-650000-18");
        Assert.NotEmpty(eighteen["linkedCases"]!.AsArray());
        Assert.All(eighteen["linkedCases"]!.AsArray(), c => Assert.Equal("Dissatisfied", c!["satisfaction"]!.GetValue<string>()));
        var nineteen = await supervisor.GetJson("/api/rectification/tasks/R2-650000-19");
        Assert.Equal("654000", nineteen["leadUnit"]!["code"]!.GetValue<string>());

        // A case shows its task.
        var caseNo = eighteen["linkedCases"]!.AsArray()[0]!["caseNo"]!.GetValue<string>();
        Assert.Contains((await supervisor.GetJson($"/api/rectification/cases/{caseNo}/tasks")).AsArray(), t => t!["id"]!.GetValue<string>() == "R2-650000-18");
    }
}
