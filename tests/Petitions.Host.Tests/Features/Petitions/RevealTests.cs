using System.Net;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>The complainant is masked everywhere; a reveal shows it in clear to those allowed and leaves a trace on the timeline.</summary>
public abstract class RevealTests(PetitionsHost host)
{
    private readonly CaseDriver steps = new(host);

    private static object Complainant => new { name = "张三", phone = "138 1234 5678", address = "伊宁市解放路88号", anonymous = false };

    [Fact]
    public async Task Reading_a_case_shows_the_complainant_masked()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        foreach (var client in new[] { await steps.Intake, await steps.Supervisor, await steps.LeadHandler, await steps.CoHandler })
        {
            var petition = await client.GetJson($"/api/petitions/{caseNo}");
            var complainant = petition["complainant"]!;
            Assert.Equal("张*", complainant["name"]!.GetValue<string>());
            Assert.Equal("138****5678", complainant["phone"]!.GetValue<string>());
            Assert.True(complainant["masked"]!.GetValue<bool>());
            Assert.DoesNotContain("13812345678", petition.ToJsonString());
            Assert.DoesNotContain("张三", petition.ToJsonString());
        }
    }

    [Fact]
    public async Task A_reveal_answers_the_complainant_in_clear_and_records_who_revealed_it()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        var before = Version(await steps.Read(caseNo));
        var intake = await steps.Intake;

        var response = await Send(intake, caseNo, "complainant/reveal");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{before + 1}\"", response.Headers.ETag!.Tag);
        var revealed = await response.Json();
        Assert.Equal(caseNo, revealed["caseNo"]!.GetValue<string>());
        var complainant = revealed["complainant"]!;
        Assert.Equal("张三", complainant["name"]!.GetValue<string>());
        Assert.Equal("13812345678", complainant["phone"]!.GetValue<string>());
        Assert.Equal("伊宁市解放路88号", complainant["address"]!.GetValue<string>());
        Assert.False(complainant["anonymous"]!.GetValue<bool>());
        Assert.False(complainant["masked"]!.GetValue<bool>());
        var revealedAt = revealed["revealedAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(revealedAt, steps.Now.AddMinutes(-1), steps.Now.AddSeconds(5));

        var petition = await steps.Read(caseNo);
        Assert.Equal(before + 1, Version(petition));
        var entry = petition["timeline"]!.AsArray()[^1]!;
        Assert.Equal("ComplainantRevealed", entry["type"]!.GetValue<string>());
        Assert.Equal("intake", entry["actor"]!["id"]!.GetValue<string>());
        Assert.Equal(revealedAt, entry["at"]!.GetValue<DateTimeOffset>());
        // Reading the case afterwards still masks it.
        Assert.True(petition["complainant"]!["masked"]!.GetValue<bool>());
        Assert.DoesNotContain("13812345678", petition.ToJsonString());
    }

    [Fact]
    public async Task A_reveal_without_a_reason_is_a_400_naming_the_reason_and_records_nothing()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        var before = Version(await steps.Read(caseNo));
        var intake = await steps.Intake;
        foreach (var body in new object[] { new { }, new { reason = "   " }, new { reason = new string('理', 501) } })
        {
            var problem = await Act(intake, caseNo, "complainant/reveal", body, 400);
            Assert.NotNull(problem["errors"]!["reason"]);
        }

        var bodiless = await intake.PostAsync($"/api/petitions/{caseNo}/complainant/reveal", null);
        Assert.Equal(HttpStatusCode.BadRequest, bodiless.StatusCode);
        var petition = await steps.Read(caseNo);
        Assert.Equal(before, Version(petition));
        Assert.DoesNotContain("ComplainantRevealed", Types(petition));
    }

    [Fact]
    public async Task The_reason_of_a_reveal_is_on_the_timeline()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        await Act(await steps.Supervisor, caseNo, "complainant/reveal", new { reason = "  督办核实举报人诉求  " });
        var entry = (await steps.Read(caseNo))["timeline"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "ComplainantRevealed")!;
        Assert.Equal("督办核实举报人诉求", entry["data"]!["reason"]!.GetValue<string>());
        Assert.Equal("supervisor", entry["actor"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_lead_units_handler_and_a_supervisor_may_reveal_a_co_unit_and_other_units_may_not()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        await Act(await steps.LeadHandler, caseNo, "complainant/reveal");
        await Act(await steps.Supervisor, caseNo, "complainant/reveal");
        await Act(await steps.CoHandler, caseNo, "complainant/reveal", null, 403);
        await Act(await steps.OtherHandler, caseNo, "complainant/reveal", null, 404);

        var petition = await steps.Read(caseNo);
        var reveals = petition["timeline"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ComplainantRevealed").ToList();
        Assert.Equal(["handler.654000", "supervisor"], reveals.Select(e => e!["actor"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_anonymous_complaint_has_nothing_to_reveal()
    {
        var anonymous = await steps.Assigned(complainant: new { anonymous = true });
        var before = Version(await steps.Read(anonymous));
        var problem = await Act(await steps.Intake, anonymous, "complainant/reveal", null, 409);
        Assert.Equal("NothingToReveal", problem["rule"]!.GetValue<string>());
        Assert.Equal("Assigned", problem["currentStatus"]!.GetValue<string>());
        Assert.Equal(before, Version(await steps.Read(anonymous)));

        var withoutComplainant = await steps.Assigned(complainant: new { });
        Assert.Equal("NothingToReveal", (await Act(await steps.Supervisor, withoutComplainant, "complainant/reveal", null, 409))["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_reveal_with_the_same_key_is_recorded_once()
    {
        var caseNo = await steps.Assigned(complainant: Complainant);
        var key = Guid.NewGuid().ToString();
        var first = await Act(await steps.Intake, caseNo, "complainant/reveal", null, idempotencyKey: key);
        var second = await Act(await steps.Intake, caseNo, "complainant/reveal", null, idempotencyKey: key);
        Assert.Equal(first["revealedAt"]!.GetValue<DateTimeOffset>(), second["revealedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("张三", second["complainant"]!["name"]!.GetValue<string>());
        Assert.Single(Types(await steps.Read(caseNo)), t => t == "ComplainantRevealed");
    }
}

public sealed class RevealOnSqlite(SqliteHost host) : RevealTests(host), IClassFixture<SqliteHost>;

public sealed class RevealOnPostgres(PostgresHost host) : RevealTests(host), IClassFixture<PostgresHost>;
