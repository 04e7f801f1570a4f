using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Lists;

/// <summary>
/// Batch actions (POST /api/petitions/batch/{action}) through the API: each case through the same request as one by
/// one, a result per case (refused ones with their ProblemDetails), its own timeline entry, a retried batch changes
/// nothing twice, the role check and the size limit answer for the whole batch.
/// </summary>
public abstract class BatchActionTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    private static async Task<(HttpStatusCode Status, JsonNode Body)> Batch(HttpClient client, string action, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/batch/{action}") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) ?? new JsonObject());
    }

    private static JsonNode ResultOf(JsonNode body, string caseNo) =>
        body["results"]!.AsArray().Single(r => r!["caseNo"]!.GetValue<string>() == caseNo)!;

    private static int Count(JsonNode petition, string type) => CaseDriver.Types(petition).Count(t => t == type);

    [Fact]
    public async Task A_batch_assign_applies_each_case_on_its_own_and_answers_the_refused_one_with_its_problem()
    {
        var registered = new List<string>();
        for (var i = 0; i < 3; i++) registered.Add(await cases.Registered());
        var alreadyAssigned = await cases.Assigned(withCoUnit: false);
        var assignedVersion = CaseDriver.Version(await cases.Read(alreadyAssigned));

        var (status, body) = await Batch(await cases.Intake, "assign", new { caseNos = registered.Append(alreadyAssigned).ToArray(), leadUnit = CaseDriver.Lead });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, body["results"]!.AsArray().Count);
        foreach (var caseNo in registered)
        {
            Assert.Equal(200, ResultOf(body, caseNo)["status"]!.GetValue<int>());
            Assert.Equal("Assigned", ResultOf(body, caseNo)["caseStatus"]!.GetValue<string>());
            var petition = await cases.Read(caseNo);
            Assert.Equal("Assigned", CaseDriver.Status(petition));
            Assert.Equal(CaseDriver.Lead, petition["leadUnit"]!.GetValue<string>());
            Assert.Equal(1, Count(petition, "Assigned"));
        }

        var refused = ResultOf(body, alreadyAssigned);
        Assert.Equal(409, refused["status"]!.GetValue<int>());
        Assert.Equal(409, refused["problem"]!["status"]!.GetValue<int>());
        Assert.Equal("TransitionNotAllowed", refused["problem"]!["rule"]!.GetValue<string>());
        Assert.Equal("Assigned", refused["problem"]!["currentStatus"]!.GetValue<string>());
        Assert.Null(refused["caseStatus"]);
        Assert.Equal(assignedVersion, CaseDriver.Version(await cases.Read(alreadyAssigned)));
    }

    [Fact]
    public async Task A_batch_accept_is_checked_per_case_for_the_lead_unit_and_scope()
    {
        var mine = await cases.Assigned();
        var other = await cases.Registered();
        await CaseDriver.Act(await cases.Intake, other, "assign", new { leadUnit = CaseDriver.Elsewhere });

        var (status, body) = await Batch(await cases.LeadHandler, "accept", new { caseNos = new[] { mine, other } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, ResultOf(body, mine)["status"]!.GetValue<int>());
        Assert.Equal("InProgress", CaseDriver.Status(await cases.Read(mine)));
        // A case outside the handler's units is not revealed: 404, as one by one.
        Assert.Equal(404, ResultOf(body, other)["status"]!.GetValue<int>());
        Assert.Equal("Assigned", CaseDriver.Status(await cases.Read(other)));

        // A co-unit's handler may not accept for the lead unit: 403 for that case.
        var coUnitCase = await cases.Assigned(withCoUnit: true);
        var (_, coBody) = await Batch(await cases.CoHandler, "accept", new { caseNos = new[] { coUnitCase } });
        Assert.Equal(403, ResultOf(coBody, coUnitCase)["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_handler_cannot_batch_assign_nor_a_handler_issue_supervision_notices()
    {
        var caseNo = await cases.Registered();
        var (assign, _) = await Batch(await cases.LeadHandler, "assign", new { caseNos = new[] { caseNo }, leadUnit = CaseDriver.Lead });
        Assert.Equal(HttpStatusCode.Forbidden, assign);
        var (supervise, _) = await Batch(await cases.LeadHandler, "supervise", new { caseNos = new[] { caseNo }, note = "请加快办理" });
        Assert.Equal(HttpStatusCode.Forbidden, supervise);
        Assert.Equal("Registered", CaseDriver.Status(await cases.Read(caseNo)));
    }

    [Fact]
    public async Task A_retried_batch_with_the_same_key_changes_nothing_twice()
    {
        var first = await cases.InProgress();
        var second = await cases.InProgress();
        var key = "batch-" + Guid.NewGuid().ToString("N");
        var body = new { caseNos = new[] { first, second }, note = "请于本周内报送办理进展" };

        var (status, answer) = await Batch(await cases.Supervisor, "supervise", body, key);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.All(answer["results"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        var versions = new[] { CaseDriver.Version(await cases.Read(first)), CaseDriver.Version(await cases.Read(second)) };

        var (retryStatus, retry) = await Batch(await cases.Supervisor, "supervise", body, key);
        Assert.Equal(HttpStatusCode.OK, retryStatus);
        Assert.All(retry["results"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        Assert.Equal(versions, new[] { CaseDriver.Version(await cases.Read(first)), CaseDriver.Version(await cases.Read(second)) });
        foreach (var caseNo in new[] { first, second })
        {
            var notices = (await cases.Read(caseNo))["supervisionNotices"]!.AsArray();
            Assert.Single(notices);
        }

        // Another key is another batch: each case gets a second notice.
        var (_, again) = await Batch(await cases.Supervisor, "supervise", body, key + "-2");
        Assert.All(again["results"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        Assert.Equal(2, (await cases.Read(first))["supervisionNotices"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task A_batch_of_no_case_or_more_than_200_is_a_400_naming_caseNos_and_changes_nothing(int size)
    {
        var caseNo = await cases.Registered();
        var caseNos = Enumerable.Repeat(caseNo, size).ToArray();
        var (status, body) = await Batch(await cases.Intake, "assign", new { caseNos, leadUnit = CaseDriver.Lead });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body["errors"]!["caseNos"]);
        Assert.Equal("Registered", CaseDriver.Status(await cases.Read(caseNo)));
    }

    [Fact]
    public async Task An_invalid_body_is_one_400_naming_the_field_before_any_case_changes()
    {
        var caseNo = await cases.Registered();
        var (status, body) = await Batch(await cases.Intake, "assign", new { caseNos = new[] { caseNo }, leadUnit = "999999" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(body["errors"]!["leadUnit"]);
        var (blank, blankBody) = await Batch(await cases.Intake, "assign", new { caseNos = new[] { caseNo, " " }, leadUnit = CaseDriver.Lead });
        Assert.Equal(HttpStatusCode.BadRequest, blank);
        Assert.NotNull(blankBody["errors"]!["caseNos"]);
        Assert.Equal("Registered", CaseDriver.Status(await cases.Read(caseNo)));
    }

    [Fact]
    public async Task A_batch_export_is_an_xlsx_of_the_cases_the_caller_may_see()
    {
        var mine = await cases.InProgress();
        var elsewhere = await cases.Registered();
        await CaseDriver.Act(await cases.Intake, elsewhere, "assign", new { leadUnit = CaseDriver.Elsewhere });

        var (status, body) = await Batch(await cases.LeadHandler, "export", new { caseNos = new[] { mine, elsewhere } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, ResultOf(body, mine)["status"]!.GetValue<int>());
        Assert.Equal(404, ResultOf(body, elsewhere)["status"]!.GetValue<int>());
        var bytes = Convert.FromBase64String(body["file"]!["contentBase64"]!.GetValue<string>());
        Assert.True(bytes.Length > 1000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "an .xlsx is a zip file");
        Assert.EndsWith(".xlsx", body["file"]!["name"]!.GetValue<string>());
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        var sheet = await new StreamReader(archive.Entries.First(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.Contains("sheet", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal) && !e.FullName.Contains("rels", StringComparison.Ordinal)).Open()).ReadToEndAsync();
        var shared = archive.GetEntry("xl/sharedStrings.xml") is { } strings ? await new StreamReader(strings.Open()).ReadToEndAsync() : "";
        Assert.Contains(mine, sheet + shared);
        Assert.DoesNotContain(elsewhere, sheet + shared);
    }
}

public sealed class BatchActionsOnSqlite(SqliteHost host) : BatchActionTests(host), IClassFixture<SqliteHost>;

public sealed class BatchActionsOnPostgres(PostgresHost host) : BatchActionTests(host), IClassFixture<PostgresHost>;
