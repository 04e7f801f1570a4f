using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features;

/// <summary>An acknowledged registration survives the host: a new host on the same database serves it.</summary>
public sealed class RestartTests
{
    [Theory]
    [InlineData(Profile.Sqlite)]
    [InlineData(Profile.Postgres)]
    public async Task A_registered_case_and_its_timeline_survive_a_restart(Profile profile)
    {
        string caseNo;
        string location;
        await using (var first = new PetitionsHost(profile))
        {
            location = first.HandOverDatabase();
            var intake = await first.ClientFor("intake");
            var created = await intake.PostJson("/api/petitions", Complaints.Valid(first.Clock.GetUtcNow()).With("leadUnit", "650100"), 201);
            caseNo = created["caseNo"]!.GetValue<string>();
        }

        await using var second = new PetitionsHost(profile, location) { OwnsDatabase = true };
        var supervisor = await second.ClientFor("supervisor");
        var petition = await supervisor.GetJson($"/api/petitions/{caseNo}");
        Assert.Equal("Assigned", petition["status"]!.GetValue<string>());
        Assert.Equal(2, petition["timeline"]!.AsArray().Count);

        // The number sequence continues past the numbers handed out before the restart.
        var next = await (await second.ClientFor("intake")).PostJson("/api/petitions", Complaints.Valid(second.Clock.GetUtcNow()), 201);
        Assert.True(string.CompareOrdinal(next["caseNo"]!.GetValue<string>(), caseNo) > 0);
    }
}
