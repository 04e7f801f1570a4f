using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Stats;

/// <summary>A class of its own: it moves the host's clock.</summary>
public abstract class OverdueTests(PetitionsHost host)
{
    private const string Unit = "654300";
    private readonly CaseDriver cases = new(host);

    [Fact]
    public async Task A_case_turns_overdue_at_its_due_instant_everywhere_without_any_command_on_it()
    {
        var round = await cases.NewRound();
        var noonInThreeDays = ChinaTime.StartOfDay(ChinaTime.DateOf(host.Clock.GetUtcNow()).AddDays(3)).AddHours(12);
        var caseNo = await cases.InProgress(new CaseSpec { Region = Unit, Round = round }, Unit, dueAt: noonInThreeDays);
        var before = await cases.Get(caseNo);
        var due = before.DueAt!.Value;
        Assert.Equal(noonInThreeDays, due);
        var supervisor = await host.ClientFor("supervisor");
        var handler = await host.ClientFor($"handler.{Unit}");

        host.Clock.SetUtcNow(due.AddSeconds(-1));
        // The unit page's statistics come from the unit grain's counters in memory, read now (before the due instant).
        var unitOverdue = (await supervisor.GetJson($"/api/units/{Unit}"))["statistics"]!["overdue"]!.GetValue<int>();
        Assert.Empty((await supervisor.GetJson($"/api/petitions?round={round}&overdue=true")).CaseNos());
        var item = (await supervisor.GetJson($"/api/petitions?round={round}")).Item(caseNo);
        Assert.False(item["overdue"]!.GetValue<bool>());
        Assert.Equal(0, item["daysLeft"]!.GetValue<int>());
        var stats = (await supervisor.GetJson($"/api/stats/completion?round={round}"))[0]!;
        Assert.Equal(0, stats["overdue"]!.GetValue<int>());
        Assert.Null(stats["onTimeRate"]);
        Assert.Equal(0, (await supervisor.GetJson($"/api/problem-list?round={round}"))["total"]!.GetValue<int>());
        Assert.False((await handler.GetJson($"/api/units/{Unit}/queue")).Item(caseNo)["overdue"]!.GetValue<bool>());

        host.Clock.SetUtcNow(due.AddSeconds(1));
        Assert.Equal([caseNo], (await supervisor.GetJson($"/api/petitions?round={round}&overdue=true")).CaseNos());
        Assert.Empty((await supervisor.GetJson($"/api/petitions?round={round}&overdue=false")).CaseNos());
        item = (await supervisor.GetJson($"/api/petitions?round={round}")).Item(caseNo);
        Assert.True(item["overdue"]!.GetValue<bool>());
        Assert.Equal(-1, item["daysLeft"]!.GetValue<int>());
        stats = (await supervisor.GetJson($"/api/stats/completion?round={round}"))[0]!;
        Assert.Equal(1, stats["overdue"]!.GetValue<int>());
        // Nothing closed yet, one overdue: the on-time rate is 0 of 1, not "no data".
        Assert.Equal(0m, stats["onTimeRate"]!.GetValue<decimal>());
        // The grain judges Overdue at the time of the call, from the deadlines it holds: no write told it anything.
        Assert.Equal(unitOverdue + 1, (await supervisor.GetJson($"/api/units/{Unit}"))["statistics"]!["overdue"]!.GetValue<int>());
        var problem = (await supervisor.GetJson($"/api/problem-list?round={round}")).Item(caseNo);
        Assert.Equal(["Overdue"], problem["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(due, problem["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Equal("按期办结", problem["problemTarget"]!.GetValue<string>());
        var queue = await handler.GetJson($"/api/units/{Unit}/queue");
        Assert.Equal(caseNo, queue.CaseNos()[0]);
        Assert.True(queue.Item(caseNo)["overdue"]!.GetValue<bool>());

        // No command touched the case: same version, same read-model row.
        Assert.Equal(before.Version, (await cases.Get(caseNo)).Version);
        Assert.Equal(before.Version, await host.Scalar<int>("SELECT version FROM case_index WHERE case_no = @caseNo", new { caseNo }));
    }
}

public sealed class OverdueOnSqlite(SqliteHost host) : OverdueTests(host), IClassFixture<SqliteHost>;

public sealed class OverdueOnPostgres(PostgresHost host) : OverdueTests(host), IClassFixture<PostgresHost>;
