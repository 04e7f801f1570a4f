using System.Net;
using System.Text.Json.Nodes;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.ProblemList;

public abstract class ProblemListTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    [Fact]
    public async Task Reopened_stage_closed_repeated_dissatisfied_and_overdue_cases_are_listed_with_their_reasons()
    {
        await cases.SetResponsiblePerson("652300", "王五（昌吉州生态环境局局长）");
        var now = host.Clock.GetUtcNow();
        var round = await cases.NewRound();
        var spec = new CaseSpec { Round = round };

        var reopened = await cases.Closed(spec, "654000");
        var reopenDue = now.AddDays(10);
        await cases.Reopen(reopened, "彻底整改到位并复查", reopenDue, "张局长");
        await cases.NameLeader(reopened, "李副州长", "副州长");
        var stage = await cases.Closed(spec, "654000", Verdict.PartlySubstantiated, Satisfaction.Satisfied, ClosureKind.Stage);
        var original = await cases.InProgress(spec with { Region = "BT01" }, "BT01");
        var repeat = await cases.Assigned(spec with { Region = "BT02" }, "BT02");
        await cases.LinkRepeat(repeat, original);
        var dissatisfied = await cases.Dissatisfied(spec, "654000");
        var overdue = await cases.Overdue(spec with { Region = "652300" }, "652300", receivedDaysAgo: 25);
        var overdueNoPerson = await cases.Overdue(spec with { Region = "650100" }, "650100", receivedDaysAgo: 20);
        var fine = await cases.Closed(spec, "654000");
        var working = await cases.InProgress(spec, "654000");

        var list = await (await host.ClientFor("supervisor")).GetJson($"/api/problem-list?round={round}&pageSize=200");
        Assert.Equal(7, list["total"]!.GetValue<int>());
        Assert.DoesNotContain(fine, list.CaseNos());
        Assert.DoesNotContain(working, list.CaseNos());
        // Overdue first (the longer overdue before the other), then by deadline.
        Assert.Equal([overdue, overdueNoPerson], list.CaseNos().Take(2));

        Assert.Equal(["Reopened"], Reasons(list.Item(reopened)));
        Assert.Equal(["StageClosure"], Reasons(list.Item(stage)));
        Assert.Equal(["Repeat"], Reasons(list.Item(original)));
        Assert.Equal(["Repeat"], Reasons(list.Item(repeat)));
        Assert.Equal(["Reopened", "Dissatisfied"], Reasons(list.Item(dissatisfied)));
        Assert.Equal(["Overdue"], Reasons(list.Item(overdue)));

        // From the problem-list entry when there is one.
        var entry = list.Item(reopened);
        Assert.Equal("InProgress", entry["status"]!.GetValue<string>());
        Assert.Equal("654000", entry["leadUnit"]!.GetValue<string>());
        Assert.Equal("伊犁哈萨克自治州", entry["leadUnitName"]!.GetValue<string>());
        Assert.Equal("彻底整改到位并复查", entry["problemTarget"]!.GetValue<string>());
        Assert.Equal(reopenDue.ToUnixTimeMilliseconds(), entry["deadline"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.Equal("张局长", entry["responsiblePerson"]!.GetValue<string>());
        Assert.Equal("李副州长", entry["leader"]!["name"]!.GetValue<string>());
        Assert.Equal("副州长", entry["leader"]!["title"]!.GetValue<string>());
        Assert.False(entry["overdue"]!.GetValue<bool>());
        Assert.NotNull(entry["target"]);
        var stageEntry = list.Item(stage);
        Assert.Equal("Closed", stageEntry["status"]!.GetValue<string>());
        Assert.Equal("责任单位主要负责人", stageEntry["responsiblePerson"]!.GetValue<string>());
        Assert.Equal("StageClosure", stageEntry["problemSource"]!.GetValue<string>());
        Assert.Null(stageEntry["daysLeft"]);

        // Without an entry: the deadline in force, "按期办结", and the lead unit's responsible person.
        var late = list.Item(overdue);
        Assert.True(late["overdue"]!.GetValue<bool>());
        Assert.Equal("按期办结", late["problemTarget"]!.GetValue<string>());
        Assert.Equal("王五（昌吉州生态环境局局长）", late["responsiblePerson"]!.GetValue<string>());
        Assert.Equal((await cases.Get(overdue)).DueAt, late["deadline"]!.GetValue<DateTimeOffset>());
        Assert.Null(late["leader"]);
        Assert.False(late["onProblemList"]!.GetValue<bool>());
        Assert.Equal("责任单位主要负责人", list.Item(overdueNoPerson)["responsiblePerson"]!.GetValue<string>());
        Assert.Equal("按期办结", list.Item(original)["problemTarget"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_is_scoped_and_filtered_by_unit_and_round()
    {
        var round = await cases.NewRound();
        var spec = new CaseSpec { Round = round };
        var ili = await cases.Dissatisfied(spec, "654000");
        var sixth = await cases.Overdue(spec with { Region = "BT06" }, "BT06");
        var iliAsCoUnit = await cases.Register(spec with { Region = "BT07", ReceivedAt = host.Clock.GetUtcNow().AddDays(-20) });
        await cases.Assign(iliAsCoUnit, "BT07", ["654000"]);
        var corps = await cases.Closed(spec with { Region = "BT09" }, "BT09", kind: ClosureKind.Stage);
        var otherRound = await cases.Dissatisfied(new CaseSpec(), "654000");

        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(4, (await supervisor.GetJson($"/api/problem-list?round={round}"))["total"]!.GetValue<int>());
        var bt = (await supervisor.GetJson($"/api/problem-list?round={round}&unit=BT")).CaseNos();
        Assert.Equal(3, bt.Count);
        Assert.Contains(sixth, bt);
        Assert.Contains(iliAsCoUnit, bt);
        Assert.Contains(corps, bt);
        Assert.Contains(otherRound, (await supervisor.GetJson("/api/problem-list?unit=654000&pageSize=200")).CaseNos());

        var handler = await host.ClientFor("handler.654000");
        var own = (await handler.GetJson($"/api/problem-list?round={round}")).CaseNos();
        Assert.Equal(2, own.Count);
        Assert.Contains(ili, own);
        Assert.Contains(iliAsCoUnit, own);
        Assert.DoesNotContain(sixth, own);

        var paged = await supervisor.GetJson($"/api/problem-list?round={round}&pageSize=3&page=2");
        Assert.Single(paged.Items());
        Assert.Equal(4, paged["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("unit=XX99", "unit")]
    [InlineData("round=NO-SUCH-ROUND", "round")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        var problem = await (await host.ClientFor("supervisor")).GetJson($"/api/problem-list?{query}", 400);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Only_case_workers_may_read_the_problem_list()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await host.ClientFor("admin")).GetAsync("/api/problem-list")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientFor("intake")).GetAsync("/api/problem-list")).StatusCode);
    }

    private static IReadOnlyList<string> Reasons(JsonNode item) => item["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
}

public sealed class ProblemListOnSqlite(SqliteHost host) : ProblemListTests(host), IClassFixture<SqliteHost>;

public sealed class ProblemListOnPostgres(PostgresHost host) : ProblemListTests(host), IClassFixture<PostgresHost>;
