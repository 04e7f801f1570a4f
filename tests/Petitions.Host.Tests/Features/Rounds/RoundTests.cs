using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Rounds;

public abstract class RoundTests(PetitionsHost host)
{
    [Fact]
    public async Task An_admin_creates_a_round_with_batches_and_cases_reference_them_with_the_round_handling_period()
    {
        var admin = await host.ClientFor("admin");
        var code = $"R{Random.Shared.Next(1000, 9999)}";
        await admin.PostJson("/api/rounds", new { code, name = "第二轮中央生态环境保护督察", startsOn = "2026-09-01", endsOn = "2026-10-01", handlingDays = 10 }, 201);
        await admin.PostJson($"/api/rounds/{code}/batches", new { batchNo = 1, handedOverOn = "2026-09-02" }, 201);
        await admin.PostJson($"/api/rounds/{code}/batches", new { batchNo = 1, handedOverOn = "2026-09-02" }, 409);
        await admin.PostJson("/api/rounds", new { code, name = "重复", startsOn = "2026-09-01" }, 409);

        var intake = await host.ClientFor("intake");
        var rounds = (await intake.GetJson("/api/rounds")).AsArray();
        Assert.Contains(rounds, r => r!["code"]!.GetValue<string>() == code && r["batches"]!.AsArray().Count == 1);

        var body = Complaints.Valid(host.Clock.GetUtcNow()).With("channel", "InspectionHandover").With("roundCode", code).With("batchNo", 1).With("leadUnit", "654000");
        var created = await intake.PostJson("/api/petitions", body, 201);
        Assert.Equal(400, (int)(await intake.PostAsJsonAsync("/api/petitions", body.With("batchNo", 7))).StatusCode);

        // Accepting starts the round's 10-day handling period, not the regulations' 60 days.
        var handler = await host.ClientFor("handler.654000");
        var accepted = await handler.PostJson($"/api/petitions/{created["caseNo"]}/accept", new { });
        var due = accepted["dueAt"]!.GetValue<DateTimeOffset>();
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        Assert.Equal(today.AddDays(10), DateOnly.FromDateTime(due.ToOffset(TimeSpan.FromHours(8)).DateTime));
    }

    [Fact]
    public async Task Round_input_is_validated_and_only_admins_create_rounds()
    {
        var admin = await host.ClientFor("admin");
        var problem = await admin.PostJson("/api/rounds", new { code = "bad code!", name = "", startsOn = "2026-09-01", endsOn = "2026-08-01", handlingDays = 90 }, 400);
        Assert.Equal(["code", "endsOn", "handlingDays", "name"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/rounds", new { code = "X1", name = "x", startsOn = "2026-01-01" })).StatusCode);
        await admin.GetJson("/api/rounds/NOPE", 404);
    }
}

public sealed class RoundsOnSqlite(SqliteHost host) : RoundTests(host), IClassFixture<SqliteHost>;

public sealed class RoundsOnPostgres(PostgresHost host) : RoundTests(host), IClassFixture<PostgresHost>;
