using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Supervision;

public abstract class LookBackReviewTests(PetitionsHost host)
{
    private async Task<List<string>> ClosedCases(string unit, int count)
    {
        var intake = await host.ClientFor("intake");
        var cases = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var caseNo = (await intake.PostJson("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow(), unit).With("leadUnit", unit), 201))["caseNo"]!.GetValue<string>();
            await new CaseDriver(host).CloseAssigned(caseNo);
            cases.Add(caseNo);
        }

        return cases;
    }

    [Fact]
    public async Task A_review_samples_closed_cases_deterministically_and_a_failed_finding_reopens_the_case()
    {
        var closed = await ClosedCases("652800", 6);
        var supervisor = await host.ClientFor("supervisor");

        var review = await supervisor.PostJson("/api/look-back-reviews", new { unit = "652800", percentage = 50, seed = 42, note = "第一批回头看" }, 201);
        var sample = review["cases"]!.AsArray().Select(c => c!["caseNo"]!.GetValue<string>()).ToList();
        Assert.Equal(6, review["population"]!.GetValue<int>());
        Assert.Equal(3, sample.Count);
        Assert.All(sample, c => Assert.Contains(c, closed));

        var same = await supervisor.PostJson("/api/look-back-reviews", new { unit = "652800", percentage = 50, seed = 42 }, 201);
        Assert.Equal(sample, same["cases"]!.AsArray().Select(c => c!["caseNo"]!.GetValue<string>()));

        var id = review["id"]!.GetValue<string>();
        var held = await supervisor.PostJson($"/api/look-back-reviews/{id}/cases/{sample[0]}", new { held = true, note = "整改到位" });
        Assert.Equal("Closed", held["status"]!.GetValue<string>());
        var failed = await supervisor.PostJson($"/api/look-back-reviews/{id}/cases/{sample[1]}", new { held = false, note = "现场复查发现问题反弹" });
        Assert.Equal("InProgress", failed["status"]!.GetValue<string>());
        Assert.Equal("LookBack", failed["problemListEntry"]!["source"]!.GetValue<string>());

        var after = await supervisor.GetJson($"/api/look-back-reviews/{id}");
        Assert.Equal(2, after["recorded"]!.GetValue<int>());
        Assert.Equal(1, after["failed"]!.GetValue<int>());

        var notSampled = closed.First(c => !sample.Contains(c));
        await supervisor.PostJson($"/api/look-back-reviews/{id}/cases/{notSampled}", new { held = true, note = "x" }, 404);
        await supervisor.PostJson($"/api/look-back-reviews/{id}/cases/{sample[2]}", new { note = "" }, 400);
    }

    [Fact]
    public async Task Only_supervisors_run_look_back_reviews()
    {
        var handler = await host.ClientFor("handler.652800");
        Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsJsonAsync("/api/look-back-reviews", new { percentage = 10 })).StatusCode);
        var supervisor = await host.ClientFor("supervisor");
        await supervisor.PostJson("/api/look-back-reviews", new { percentage = 0 }, 400);
    }
}

public sealed class LookBackReviewsOnSqlite(SqliteHost host) : LookBackReviewTests(host), IClassFixture<SqliteHost>;

public sealed class LookBackReviewsOnPostgres(PostgresHost host) : LookBackReviewTests(host), IClassFixture<PostgresHost>;
