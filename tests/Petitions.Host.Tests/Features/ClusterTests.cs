using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features;

/// <summary>Two host processes on one PostgreSQL database form one Orleans cluster and serve each other's cases.</summary>
public sealed class ClusterTests
{
    [Fact]
    public async Task A_second_silo_joins_the_cluster_and_answers_for_a_case_registered_through_the_first_on_Postgres()
    {
        var cluster = new Dictionary<string, string?> { ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}" };
        await using var first = new PetitionsHost(Profile.Postgres, extra: cluster);
        var intake = await first.ClientFor("intake");
        var created = await intake.PostJson("/api/petitions", Complaints.Valid(first.Clock.GetUtcNow()), 201);
        var caseNo = created["caseNo"]!.GetValue<string>();

        await using var second = new PetitionsHost(Profile.Postgres, first.DatabaseLocation, cluster);
        var supervisor = await second.ClientFor("supervisor");
        var petition = await supervisor.GetJson($"/api/petitions/{caseNo}");
        Assert.Equal(caseNo, petition["caseNo"]!.GetValue<string>());

        // Both silos are Active (status 3) members of the same cluster.
        var active = await second.Scalar<long>("SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = 3",
            new { id = cluster["Orleans:ClusterId"] });
        Assert.Equal(2, active);

        // Commands sent through either silo reach the one activation: versions never fork.
        var assigned = await supervisor.PostJson($"/api/petitions/{caseNo}/assign", new { leadUnit = "654000" });
        Assert.Equal(2, assigned["version"]!.GetValue<int>());
        var viaFirst = await intake.GetJson($"/api/petitions/{caseNo}");
        Assert.Equal("Assigned", viaFirst["status"]!.GetValue<string>());
    }
}
