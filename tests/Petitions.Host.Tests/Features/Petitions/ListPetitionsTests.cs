using Petitions.Application.Common.Units;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Petitions;

public abstract class ListPetitionsTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    /// <summary>Seven cases in a round of their own, each test's filters confined to it.</summary>
    private sealed record Set(string Round, string C1, string C2, string C3, string C4, string C5, string C6, string C7, string Token);

    private async Task<Set> Seed()
    {
        var round = await cases.NewRound(null, 1, 2);
        var token = Guid.NewGuid().ToString("N")[..8];
        // c1: 654000, batch 1, Air, in progress, a leader owner; the original of c4.
        var c1 = await cases.InProgress(new CaseSpec { Round = round, Batch = 1, Categories = ["Air"], Target = $"Acme{token}化工有限公司" }, "654000");
        await cases.NameLeader(c1, "王州长", "副州长");
        // c2: led by BT03 with 654000 as co-unit, batch 2, Water, assigned.
        var c2 = await cases.Assigned(new CaseSpec { Round = round, Batch = 2, Categories = ["Water"] }, "BT03", ["654000"]);
        // c3: 650100, batch 1, Noise, closed (final), satisfied, substantiated.
        var c3 = await cases.Closed(new CaseSpec { Region = "650100", Round = round, Batch = 1, Categories = ["Noise"] }, "650100");
        // c4: BT01, Air, a repeat of c1.
        var c4 = await cases.Assigned(new CaseSpec { Region = "BT01", Round = round, Categories = ["Air"] }, "BT01");
        await cases.LinkRepeat(c4, c1);
        // c5: region BT05, not accepted (its lead unit is the region's unit).
        var c5 = await cases.Register(new CaseSpec { Region = "BT05", Round = round, Categories = ["Other"], Description = $"描述里有{token}这个词" });
        await cases.NotAccept(c5);
        // c6: 654000, stage-closed (on the problem list), basically satisfied.
        var c6 = await cases.Closed(new CaseSpec { Round = round, Categories = ["Soil"] }, "654000", Verdict.PartlySubstantiated,
            Satisfaction.BasicallySatisfied, ClosureKind.Stage);
        // c7: 652300, received 20 days ago and still not accepted: overdue.
        var c7 = await cases.Overdue(new CaseSpec { Region = "652300", Round = round, Categories = ["Ecology"] }, "652300");
        return new Set(round, c1, c2, c3, c4, c5, c6, c7, token);
    }

    [Fact]
    public async Task A_supervisor_sees_every_case_and_filters_narrow_them()
    {
        var s = await Seed();
        var supervisor = await host.ClientFor("supervisor");
        async Task<IReadOnlyList<string>> List(string filter) =>
            (await supervisor.GetJson($"/api/petitions?round={s.Round}&pageSize=200{filter}")).CaseNos();

        Assert.Equal(7, (await supervisor.GetJson($"/api/petitions?round={s.Round}"))["total"]!.GetValue<int>());
        AssertSet([s.C1, s.C3], await List("&batch=1"));
        AssertSet([s.C2, s.C4, s.C5], await List("&unit=BT"));
        AssertSet([s.C1, s.C2, s.C6], await List("&unit=654000"));
        AssertSet([s.C1, s.C2, s.C3, s.C6, s.C7], await List("&unit=650000"));
        AssertSet([s.C3, s.C6], await List("&status=Closed"));
        AssertSet([s.C3, s.C6], await List("&status=closed"));
        AssertSet([s.C5], await List("&status=NotAccepted"));
        AssertSet([s.C1, s.C4], await List("&category=Air"));
        AssertSet([s.C4], await List("&repeat=true"));
        AssertSet([s.C1, s.C2, s.C3, s.C5, s.C6, s.C7], await List("&repeat=false"));
        AssertSet([s.C1], await List("&leader=true"));
        AssertSet([s.C6], await List("&problem=true"));
        AssertSet([s.C3], await List("&satisfaction=Satisfied"));
        AssertSet([s.C6], await List("&satisfaction=BasicallySatisfied"));
        AssertSet([s.C7], await List("&overdue=true"));
        AssertSet([s.C1, s.C2, s.C3, s.C4, s.C5, s.C6], await List("&overdue=false"));
        AssertSet([s.C2, s.C4], await List("&status=Assigned&unit=BT"));

        // q: case-insensitive substring of target, description, address or case number.
        AssertSet([s.C1], await List($"&q=ACME{s.Token.ToUpperInvariant()}"));
        AssertSet([s.C5], await List($"&q={s.Token}这个"));
        AssertSet([s.C3], await List($"&q={s.C3[4..]}"));
        AssertSet([], await List("&q=100%25_x"));

        // from/to: received China calendar dates, inclusive.
        var today = ChinaTime.DateOf(host.Clock.GetUtcNow());
        AssertSet([s.C7], await List($"&from={today.AddDays(-25):yyyy-MM-dd}&to={today.AddDays(-15):yyyy-MM-dd}"));
        Assert.Equal(6, (await List($"&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}")).Count(c => c != s.C7));
        AssertSet([], await List($"&from={today.AddDays(1):yyyy-MM-dd}"));

        // A unit with a status and received dates (the unit's index of schema 0021 carries both).
        AssertSet([s.C7], await List($"&unit=650000&from={today.AddDays(-25):yyyy-MM-dd}&to={today.AddDays(-15):yyyy-MM-dd}"));
        AssertSet([s.C1, s.C2, s.C6], await List($"&unit=654000&from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        AssertSet([s.C1], await List("&status=InProgress&unit=654000"));
        AssertSet([s.C2], await List("&status=Assigned&unit=654000"));

        // The case's units follow its status: c2 (654000 a co-unit) accepted moves from Assigned to InProgress.
        await cases.Accept(s.C2);
        AssertSet([s.C1, s.C2], await List("&status=InProgress&unit=654000"));
        AssertSet([], await List("&status=Assigned&unit=654000"));
        Assert.Equal(2, (await supervisor.GetJson($"/api/petitions?round={s.Round}&status=InProgress&unit=654000"))["total"]!.GetValue<int>());

        // A filter that is one set of cases alone (a unit's, a category's) is counted from that set's table: the same
        // total as counting the case rows, a case with two units of the subtree once.
        async Task AssertTotal(string query, string sql, object args)
        {
            var total = (await supervisor.GetJson($"/api/petitions?{query}"))["total"]!.GetValue<long>();
            Assert.True(total == await host.Scalar<long>(sql, args), $"{query}: total {total}");
        }

        // A case with two units of 650000's subtree (so that counting its rows twice would show).
        await cases.Assigned(new CaseSpec { Round = s.Round, Categories = ["Air"] }, "654000", ["650100"]);
        using var scope = host.Services.CreateScope();
        var tree = await scope.ServiceProvider.GetRequiredService<UnitDirectory>().GetAsync();
        foreach (var unit in new[] { "650000", "654000", "BT03" })
        {
            await AssertTotal($"unit={unit}", $"SELECT COUNT(*) FROM case_index WHERE case_no IN (SELECT case_no FROM case_unit WHERE {(host.Profile == Profile.Postgres ? "unit_code = ANY(@units)" : "unit_code IN @units")})",
                new { units = tree.Subtree(unit).ToArray() });
        }

        await AssertTotal("category=Air", "SELECT COUNT(*) FROM case_index WHERE case_no IN (SELECT case_no FROM case_category WHERE category = 'Air')", new { });
    }

    [Fact]
    public async Task Handlers_see_only_cases_of_their_own_units_as_lead_or_co_unit()
    {
        var s = await Seed();
        var ili = await host.ClientFor("handler.654000");
        AssertSet([s.C1, s.C2, s.C6], (await ili.GetJson($"/api/petitions?round={s.Round}")).CaseNos());
        // A unit filter outside the handler's units finds only what they may see anyway.
        AssertSet([s.C2], (await ili.GetJson($"/api/petitions?round={s.Round}&unit=BT")).CaseNos());

        var third = await host.ClientFor("handler.BT03");
        AssertSet([s.C2], (await third.GetJson($"/api/petitions?round={s.Round}")).CaseNos());
        var corps = await host.ClientFor("handler.BT");
        AssertSet([], (await corps.GetJson($"/api/petitions?round={s.Round}")).CaseNos());

        var intake = await host.ClientFor("intake");
        Assert.Equal(7, (await intake.GetJson($"/api/petitions?round={s.Round}"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Items_carry_the_list_fields()
    {
        var s = await Seed();
        var page = await (await host.ClientFor("supervisor")).GetJson($"/api/petitions?round={s.Round}&pageSize=200");

        var c2 = page.Item(s.C2);
        Assert.Equal("Assigned", c2["status"]!.GetValue<string>());
        Assert.Equal("Hotline", c2["channel"]!.GetValue<string>());
        Assert.Equal("654000", c2["regionCode"]!.GetValue<string>());
        Assert.Equal("伊犁哈萨克自治州", c2["regionName"]!.GetValue<string>());
        Assert.Equal("BT03", c2["leadUnit"]!.GetValue<string>());
        Assert.Equal("第三师图木舒克市", c2["leadUnitName"]!.GetValue<string>());
        Assert.Equal("654000", c2["coUnits"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("伊犁哈萨克自治州", c2["coUnits"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(["Water"], c2["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(s.Round, c2["roundCode"]!.GetValue<string>());
        Assert.Equal(2, c2["batchNo"]!.GetValue<int>());
        Assert.False(c2["overdue"]!.GetValue<bool>());
        // Assigned but not accepted: the acceptance deadline, 15 China calendar days after receipt.
        var due = c2["dueAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(ChinaTime.DateOf(c2["receivedAt"]!.GetValue<DateTimeOffset>()).AddDays(15), ChinaTime.DateOf(due));
        Assert.Equal(ChinaTime.DateOf(due).DayNumber - ChinaTime.DateOf(host.Clock.GetUtcNow()).DayNumber, c2["daysLeft"]!.GetValue<int>());
        Assert.Null(c2["leader"]);
        Assert.False(c2["isRepeat"]!.GetValue<bool>());

        var c1 = page.Item(s.C1);
        Assert.Equal("王州长", c1["leader"]!["name"]!.GetValue<string>());
        Assert.Equal("副州长", c1["leader"]!["title"]!.GetValue<string>());
        Assert.Equal(1, c1["repeatCount"]!.GetValue<int>());
        var c4 = page.Item(s.C4);
        Assert.True(c4["isRepeat"]!.GetValue<bool>());
        Assert.Equal(s.C1, c4["repeatOf"]!.GetValue<string>());

        var c3 = page.Item(s.C3);
        Assert.Equal("Closed", c3["status"]!.GetValue<string>());
        Assert.Equal("Final", c3["closeKind"]!.GetValue<string>());
        Assert.Equal("Satisfied", c3["satisfaction"]!.GetValue<string>());
        Assert.Equal("Substantiated", c3["verdict"]!.GetValue<string>());
        Assert.Null(c3["daysLeft"]);
        Assert.False(c3["overdue"]!.GetValue<bool>());

        var c6 = page.Item(s.C6);
        Assert.True(c6["onProblemList"]!.GetValue<bool>());
        Assert.Equal("Stage", c6["closeKind"]!.GetValue<string>());

        var c7 = page.Item(s.C7);
        Assert.True(c7["overdue"]!.GetValue<bool>());
        Assert.True(c7["daysLeft"]!.GetValue<int>() < 0);

        var c5 = page.Item(s.C5);
        Assert.Equal("NotAccepted", c5["status"]!.GetValue<string>());
        Assert.Equal("BT05", c5["leadUnit"]!.GetValue<string>());
        Assert.Null(c5["dueAt"]);
        Assert.Null(c5["daysLeft"]);
    }

    [Fact]
    public async Task The_list_never_carries_complainant_data()
    {
        var s = await Seed();
        var response = await (await host.ClientFor("supervisor")).GetAsync($"/api/petitions?round={s.Round}&pageSize=200");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("complainant", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CaseDriver.ComplainantName, text);
        Assert.DoesNotContain(CaseDriver.ComplainantPhone, text);
        Assert.DoesNotContain("****", text);
    }

    [Fact]
    public async Task Pages_are_counted_and_sorted()
    {
        var s = await Seed();
        var supervisor = await host.ClientFor("supervisor");
        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await supervisor.GetJson($"/api/petitions?round={s.Round}&page={page}&pageSize=2");
            Assert.Equal(7, result["total"]!.GetValue<int>());
            Assert.Equal(page, result["page"]!.GetValue<int>());
            Assert.Equal(2, result["pageSize"]!.GetValue<int>());
            Assert.Equal(page < 4 ? 2 : 1, result.Items().Count);
            seen.AddRange(result.CaseNos());
        }

        AssertSet([s.C1, s.C2, s.C3, s.C4, s.C5, s.C6, s.C7], seen);
        Assert.Equal(7, seen.Distinct().Count());
        var beyond = await supervisor.GetJson($"/api/petitions?round={s.Round}&page=5&pageSize=2");
        Assert.Empty(beyond.Items());
        Assert.Equal(7, beyond["total"]!.GetValue<int>());

        // Default: newest first (c7 was received 20 days ago, so it comes last).
        var newest = (await supervisor.GetJson($"/api/petitions?round={s.Round}")).Items();
        var received = newest.Select(i => i["receivedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(received.OrderByDescending(r => r), received);
        Assert.Equal(s.C7, newest[^1]["caseNo"]!.GetValue<string>());
        Assert.Equal(s.C7, (await supervisor.GetJson($"/api/petitions?round={s.Round}&sort=receivedAt")).CaseNos()[0]);

        var byCaseNo = (await supervisor.GetJson($"/api/petitions?round={s.Round}&sort=caseNo")).CaseNos();
        Assert.Equal(byCaseNo.Order(StringComparer.Ordinal), byCaseNo);

        // Due date ascending, cases without one (not accepted) last; descending likewise with them last.
        var byDue = (await supervisor.GetJson($"/api/petitions?round={s.Round}&sort=dueAt")).Items();
        var dues = byDue.Select(i => i["dueAt"]?.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(s.C7, byDue[0]["caseNo"]!.GetValue<string>());
        Assert.Equal(s.C5, byDue[^1]["caseNo"]!.GetValue<string>());
        Assert.Equal(dues.Where(d => d is not null).Order(), dues.Where(d => d is not null));
        var byDueDescending = (await supervisor.GetJson($"/api/petitions?round={s.Round}&sort=-dueAt")).Items();
        Assert.Equal(s.C5, byDueDescending[^1]["caseNo"]!.GetValue<string>());
        Assert.Equal(s.C7, byDueDescending[^2]["caseNo"]!.GetValue<string>());
    }

    public static TheoryData<string, string> BadParameters => new()
    {
        { "status=Lost", "status" },
        { "status=3", "status" },
        { "category=Fire", "category" },
        { "category=Air,Water", "category" },
        { "satisfaction=Happy", "satisfaction" },
        { "page=0", "page" },
        { "page=abc", "page" },
        { "pageSize=500", "pageSize" },
        { "pageSize=0", "pageSize" },
        { "from=2026-13-01", "from" },
        { "from=yesterday", "from" },
        { "to=2026-02-30", "to" },
        { "from=2026-03-02&to=2026-03-01", "to" },
        { "overdue=maybe", "overdue" },
        { "repeat=1", "repeat" },
        { "leader=yes", "leader" },
        { "problem=no", "problem" },
        { "sort=target", "sort" },
        { "unit=XX99", "unit" },
        { "round=NO-SUCH-ROUND", "round" },
        { "batch=1", "batch" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task A_bad_parameter_is_400_naming_it(string query, string parameter)
    {
        var problem = await (await host.ClientFor("supervisor")).GetJson($"/api/petitions?{query}", 400);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Only_case_workers_may_list()
    {
        var admin = await host.ClientFor("admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/petitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/petitions")).StatusCode);
    }

    private static void AssertSet(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
}

public sealed class ListPetitionsOnSqlite(SqliteHost host) : ListPetitionsTests(host), IClassFixture<SqliteHost>;

public sealed class ListPetitionsOnPostgres(PostgresHost host) : ListPetitionsTests(host), IClassFixture<PostgresHost>;
