using System.Net;
using System.Text.Json.Nodes;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Stats;

public abstract class CompletionStatsTests(PetitionsHost host)
{
    private static readonly string[] Fields =
    [
        "key", "name", "total", "notAccepted", "diverted", "closed", "closedFinal", "closedStage", "open", "completionRate", "closedOnTime",
        "onTimeRate", "overdue", "repeats", "repeatCases", "dissatisfied", "answeredCallbacks", "satisfied", "satisfactionRate",
        "withVerdict", "substantiated", "substantiatedRate",
    ];

    private static readonly string[] Counts = Fields.Where(f => f is not ("key" or "name") && !f.EndsWith("Rate")).ToArray();

    private readonly CaseDriver cases = new(host);

    /// <summary>
    /// Nine cases in a round of their own:
    /// A 654000 closed final on time, substantiated, satisfied · B 654000 stage-closed, partly substantiated, basically
    /// satisfied · C 654000 open and overdue · D 650100 closed late, substantiated, satisfied (Water) · E 654000 not
    /// accepted · F 654000 dissatisfied (so reopened), substantiated · G BT01 closed, unsubstantiated, satisfied (Water)
    /// · H 654000 in progress, the original of I · I BT02 assigned, a repeat of H (Water). Unmarked: Air + Noise.
    /// </summary>
    private async Task<string> SeedHandMadeRound()
    {
        var round = await cases.NewRound();
        var spec = new CaseSpec { Round = round };
        var water = spec with { Categories = ["Water"] };
        await cases.Closed(spec, "654000", Verdict.Substantiated, Satisfaction.Satisfied);
        await cases.Closed(spec, "654000", Verdict.PartlySubstantiated, Satisfaction.BasicallySatisfied, ClosureKind.Stage);
        await cases.Overdue(spec, "654000");
        await cases.ClosedLate(water with { Region = "650100" }, "650100");
        await cases.NotAccept(await cases.Register(spec));
        await cases.Dissatisfied(spec, "654000");
        await cases.Closed(water with { Region = "BT01" }, "BT01", Verdict.Unsubstantiated, Satisfaction.Satisfied);
        var h = await cases.InProgress(spec, "654000");
        var i = await cases.Assigned(water with { Region = "BT02" }, "BT02");
        await cases.LinkRepeat(i, h);
        return round;
    }

    [Fact]
    public async Task The_rates_are_exact_on_a_hand_made_set()
    {
        var round = await SeedHandMadeRound();
        var supervisor = await host.ClientFor("supervisor");

        var all = Assert.Single(await Rows(supervisor, $"round={round}"));
        Assert.Equal(Fields, all.AsObject().Select(p => p.Key));
        Assert.Equal("all", all["key"]!.GetValue<string>());
        AssertRow(all, total: 8, notAccepted: 1, closed: 4, closedFinal: 3, closedStage: 1, open: 4, completionRate: 50.0m,
            // On time: A, B, G of (4 closed + C open and overdue): the overdue case lowers it from 75% to 60%.
            closedOnTime: 3, onTimeRate: 60.0m, overdue: 1,
            // H counts the repeat I (against the original); I is itself a repeat case.
            repeats: 1, repeatCases: 1,
            dissatisfied: 1, answeredCallbacks: 5, satisfied: 4, satisfactionRate: 80.0m,
            withVerdict: 5, substantiated: 4, substantiatedRate: 80.0m);

        var byRound = Assert.Single(await Rows(supervisor, $"round={round}&groupBy=round"));
        Assert.Equal(round, byRound["key"]!.GetValue<string>());
        Assert.Equal($"测试轮次{round}", byRound["name"]!.GetValue<string>());
        AssertSameCounts(all, byRound);
    }

    [Fact]
    public async Task Grouped_by_unit_each_root_rolls_up_its_subtree_and_repeats_count_against_the_original()
    {
        var round = await SeedHandMadeRound();
        var supervisor = await host.ClientFor("supervisor");

        var roots = await Rows(supervisor, $"round={round}&groupBy=unit");
        Assert.Equal(["650000", "BT"], roots.Select(r => r["key"]!.GetValue<string>()));
        Assert.Equal("新疆维吾尔自治区", roots[0]["name"]!.GetValue<string>());
        AssertRow(roots[0], total: 6, notAccepted: 1, closed: 3, closedFinal: 2, closedStage: 1, open: 3, completionRate: 50.0m,
            closedOnTime: 2, onTimeRate: 50.0m, overdue: 1, repeats: 1, repeatCases: 0, dissatisfied: 1, answeredCallbacks: 4,
            satisfied: 3, satisfactionRate: 75.0m, withVerdict: 4, substantiated: 4, substantiatedRate: 100.0m);
        AssertRow(roots[1], total: 2, notAccepted: 0, closed: 1, closedFinal: 1, closedStage: 0, open: 1, completionRate: 50.0m,
            closedOnTime: 1, onTimeRate: 100.0m, overdue: 0, repeats: 0, repeatCases: 1, dissatisfied: 0, answeredCallbacks: 1,
            satisfied: 1, satisfactionRate: 100.0m, withVerdict: 1, substantiated: 0, substantiatedRate: 0.0m);
        AssertSumEquals(Assert.Single(await Rows(supervisor, $"round={round}")), roots);

        var prefectures = await Rows(supervisor, $"round={round}&groupBy=unit&unit=650000");
        Assert.Equal(14, prefectures.Count);
        Assert.DoesNotContain(prefectures, r => r["name"]!.GetValue<string>().EndsWith("（本级）"));
        AssertSumEquals(roots[0], prefectures);
        var late = prefectures.Single(r => r["key"]!.GetValue<string>() == "650100");
        Assert.Equal("乌鲁木齐市", late["name"]!.GetValue<string>());
        AssertRow(late, total: 1, notAccepted: 0, closed: 1, closedFinal: 1, closedStage: 0, open: 0, completionRate: 100.0m,
            closedOnTime: 0, onTimeRate: 0.0m, overdue: 0, repeats: 0, repeatCases: 0, dissatisfied: 0, answeredCallbacks: 1,
            satisfied: 1, satisfactionRate: 100.0m, withVerdict: 1, substantiated: 1, substantiatedRate: 100.0m);
        var empty = prefectures.Single(r => r["key"]!.GetValue<string>() == "653100");
        Assert.Equal(0, empty["total"]!.GetValue<int>());
        Assert.Null(empty["completionRate"]);
        Assert.Null(empty["onTimeRate"]);
        Assert.Null(empty["satisfactionRate"]);
        Assert.Null(empty["substantiatedRate"]);
    }

    [Fact]
    public async Task Grouped_by_category_a_case_counts_in_each_of_its_categories()
    {
        var round = await SeedHandMadeRound();
        var rows = await Rows(await host.ClientFor("supervisor"), $"round={round}&groupBy=category");
        Assert.Equal(["Air", "Water", "Soil", "Noise", "SolidWaste", "Ecology", "Radiation", "Other"], rows.Select(r => r["key"]!.GetValue<string>()));
        // Category rows are named by their code, whatever the user's language: clients translate codes (the UI by Category_<code>).
        Assert.Equal(rows.Select(r => r["key"]!.GetValue<string>()), rows.Select(r => r["name"]!.GetValue<string>()));

        var air = rows[0];
        AssertRow(air, total: 5, notAccepted: 1, closed: 2, closedFinal: 1, closedStage: 1, open: 3, completionRate: 40.0m,
            closedOnTime: 2, onTimeRate: 66.7m, overdue: 1, repeats: 1, repeatCases: 0, dissatisfied: 1, answeredCallbacks: 3,
            satisfied: 2, satisfactionRate: 66.7m, withVerdict: 3, substantiated: 3, substantiatedRate: 100.0m);
        AssertSameCounts(air, rows[3]);
        // Water: D (closed late), G (closed), I (open): 2 of 3 closed = 66.7%.
        AssertRow(rows[1], total: 3, notAccepted: 0, closed: 2, closedFinal: 2, closedStage: 0, open: 1, completionRate: 66.7m,
            closedOnTime: 1, onTimeRate: 50.0m, overdue: 0, repeats: 0, repeatCases: 1, dissatisfied: 0, answeredCallbacks: 2,
            satisfied: 2, satisfactionRate: 100.0m, withVerdict: 2, substantiated: 1, substantiatedRate: 50.0m);
        Assert.Equal(0, rows[2]["total"]!.GetValue<int>());
        Assert.Null(rows[2]["completionRate"]);

        var onlyWater = Assert.Single(await Rows(await host.ClientFor("supervisor"), $"round={round}&groupBy=category&category=Water"));
        AssertSameCounts(rows[1], onlyWater);
        var waterCases = Assert.Single(await Rows(await host.ClientFor("supervisor"), $"round={round}&category=Water"));
        AssertSameCounts(rows[1], waterCases);
    }

    [Fact]
    public async Task Handlers_count_only_cases_their_units_lead()
    {
        var round = await SeedHandMadeRound();
        var ili = await host.ClientFor("handler.654000");
        var own = Assert.Single(await Rows(ili, $"round={round}"));
        AssertRow(own, total: 5, notAccepted: 1, closed: 2, closedFinal: 1, closedStage: 1, open: 3, completionRate: 40.0m,
            closedOnTime: 2, onTimeRate: 66.7m, overdue: 1, repeats: 1, repeatCases: 0, dissatisfied: 1, answeredCallbacks: 3,
            satisfied: 2, satisfactionRate: 66.7m, withVerdict: 3, substantiated: 3, substantiatedRate: 100.0m);
        // Only the root whose subtree holds their unit; the corps is not theirs to see.
        var roots = await Rows(ili, $"round={round}&groupBy=unit");
        AssertSameCounts(own, Assert.Single(roots));
        Assert.Equal(0, Assert.Single(await Rows(ili, $"round={round}&unit=BT"))["total"]!.GetValue<int>());

        var first = Assert.Single(await Rows(await host.ClientFor("handler.BT01"), $"round={round}"));
        Assert.Equal(1, first["total"]!.GetValue<int>());
        Assert.Equal(1, first["closed"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_corps_row_equals_the_sum_of_its_fourteen_divisions()
    {
        var round = await cases.NewRound();
        var spec = new CaseSpec { Round = round };
        var original = await cases.Closed(spec with { Region = "BT01" }, "BT01");
        await cases.Overdue(spec with { Region = "BT02" }, "BT02");
        await cases.ClosedLate(spec with { Region = "BT02" }, "BT02");
        await cases.Dissatisfied(spec with { Region = "BT03", Categories = ["Water"] }, "BT03", Verdict.PartlySubstantiated);
        await cases.Closed(spec with { Region = "BT05" }, "BT05", Verdict.Unsubstantiated, Satisfaction.BasicallySatisfied, ClosureKind.Stage);
        await cases.NotAccept(await cases.Register(spec with { Region = "BT08" }));
        await cases.InProgress(spec with { Region = "BT14" }, "BT14", ["BT01"]);
        // A repeat of a closed case counts against BT01 (the original stays closed until a supervisor decides).
        var repeat = await cases.Assigned(spec with { Region = "BT14" }, "BT14");
        await cases.LinkRepeat(repeat, original);
        await cases.Assigned(spec with { Region = "654000" }, "654000");

        var supervisor = await host.ClientFor("supervisor");
        var corps = (await Rows(supervisor, $"round={round}&groupBy=unit")).Single(r => r["key"]!.GetValue<string>() == "BT");
        Assert.Equal("新疆生产建设兵团", corps["name"]!.GetValue<string>());
        Assert.Equal(7, corps["total"]!.GetValue<int>());
        Assert.Equal(1, corps["notAccepted"]!.GetValue<int>());
        Assert.Equal(1, corps["repeats"]!.GetValue<int>());
        var divisions = await Rows(supervisor, $"round={round}&groupBy=unit&unit=BT");
        Assert.Equal(Enumerable.Range(1, 14).Select(i => $"BT{i:D2}"), divisions.Select(r => r["key"]!.GetValue<string>()));
        Assert.Equal("第一师阿拉尔市", divisions[0]["name"]!.GetValue<string>());
        AssertSumEquals(corps, divisions);
        AssertSameCounts(corps, Assert.Single(await Rows(supervisor, $"round={round}&unit=BT")));
        Assert.Equal(1, divisions[0]["repeats"]!.GetValue<int>());
        Assert.Equal(1, divisions[13]["repeatCases"]!.GetValue<int>());

        // A case the corps leads itself shows as its own-level row, and the sum still holds.
        await cases.Assigned(spec with { Region = "BT" }, "BT");
        corps = (await Rows(supervisor, $"round={round}&groupBy=unit")).Single(r => r["key"]!.GetValue<string>() == "BT");
        Assert.Equal(8, corps["total"]!.GetValue<int>());
        divisions = await Rows(supervisor, $"round={round}&groupBy=unit&unit=BT");
        Assert.Equal(15, divisions.Count);
        Assert.Equal("BT", divisions[0]["key"]!.GetValue<string>());
        Assert.Equal("新疆生产建设兵团（本级）", divisions[0]["name"]!.GetValue<string>());
        Assert.Equal(1, divisions[0]["total"]!.GetValue<int>());
        AssertSumEquals(corps, divisions);
    }

    [Fact]
    public async Task Grouped_by_round_or_batch_the_rows_partition_the_cases()
    {
        var round = await cases.NewRound(null, 1, 2, 3);
        await cases.Closed(new CaseSpec { Round = round, Batch = 1 }, "654000");
        await cases.InProgress(new CaseSpec { Round = round, Batch = 1 }, "654000");
        await cases.Assigned(new CaseSpec { Round = round, Batch = 2 }, "BT04");
        await cases.Assigned(new CaseSpec { Round = round }, "650500");
        await cases.Assigned(new CaseSpec(), "650500");

        var supervisor = await host.ClientFor("supervisor");
        var batches = await Rows(supervisor, $"round={round}&groupBy=batch");
        Assert.Equal([$"{round}/1", $"{round}/2", $"{round}/3", $"{round}/-"], batches.Select(r => r["key"]!.GetValue<string>()));
        Assert.Equal($"测试轮次{round} 第1批", batches[0]["name"]!.GetValue<string>());
        Assert.Equal([2, 1, 0, 1], batches.Select(r => r["total"]!.GetValue<int>()));
        Assert.Equal(1, batches[0]["closed"]!.GetValue<int>());
        Assert.Equal(50.0m, batches[0]["completionRate"]!.GetValue<decimal>());
        Assert.Equal(2, Assert.Single(await Rows(supervisor, $"round={round}&batch=1&groupBy=batch"))["total"]!.GetValue<int>());

        // Without filters every case falls in exactly one round row (or the daily row) and one root unit row.
        var all = Assert.Single(await Rows(supervisor, ""));
        var rounds = await Rows(supervisor, "groupBy=round");
        var daily = rounds[^1];
        Assert.Null(daily["key"]);
        Assert.Equal("日常信访", daily["name"]!.GetValue<string>());
        Assert.True(daily["total"]!.GetValue<int>() >= 1);
        Assert.Equal(4, rounds.Single(r => r["key"]?.GetValue<string>() == round)["total"]!.GetValue<int>());
        AssertSumEquals(all, rounds);
        AssertSumEquals(all, await Rows(supervisor, "groupBy=unit"));
        AssertSumEquals(all, await Rows(supervisor, "groupBy=batch"));
    }

    [Fact]
    public async Task The_trend_counts_received_and_closed_cases_per_China_week()
    {
        var round = await cases.NewRound();
        var now = host.Clock.GetUtcNow();
        var received = new[] { now.AddDays(-21), now.AddDays(-14), now.AddDays(-14).AddHours(-1), now.AddHours(-1) };
        await cases.Assigned(new CaseSpec { Round = round, ReceivedAt = received[0] }, "654000");
        await cases.Assigned(new CaseSpec { Round = round, ReceivedAt = received[1] }, "654000");
        await cases.Assigned(new CaseSpec { Round = round, ReceivedAt = received[2] }, "BT01");
        await cases.Closed(new CaseSpec { Round = round, ReceivedAt = received[3] }, "654000");

        var weeks = (await (await host.ClientFor("supervisor")).GetJson($"/api/stats/trend?weeks=4&round={round}")).AsArray().Select(w => w!).ToList();
        Assert.Equal(4, weeks.Count);
        var starts = weeks.Select(w => DateOnly.Parse(w["weekStart"]!.GetValue<string>())).ToList();
        Assert.All(starts, s => Assert.Equal(DayOfWeek.Monday, s.DayOfWeek));
        Assert.All(weeks, w => Assert.Equal(DateOnly.Parse(w["weekStart"]!.GetValue<string>()).AddDays(6), DateOnly.Parse(w["weekEnd"]!.GetValue<string>())));
        Assert.Equal(starts.Select((s, i) => starts[0].AddDays(7 * i)), starts);
        var today = ChinaTime.DateOf(host.Clock.GetUtcNow());
        Assert.InRange(today, starts[3], starts[3].AddDays(6));

        int WeekOf(DateTimeOffset at) => starts.FindLastIndex(s => s <= ChinaTime.DateOf(at));
        var expected = new int[4];
        foreach (var at in received) expected[WeekOf(at)]++;
        Assert.Equal(expected, weeks.Select(w => w["received"]!.GetValue<int>()));
        Assert.Equal([0, 0, 0, 1], weeks.Select(w => w["closed"]!.GetValue<int>()));

        var ili = (await (await host.ClientFor("handler.654000")).GetJson($"/api/stats/trend?weeks=4&round={round}")).AsArray();
        Assert.Equal(3, ili.Sum(w => w!["received"]!.GetValue<int>()));
        var corps = (await (await host.ClientFor("supervisor")).GetJson($"/api/stats/trend?round={round}&unit=BT")).AsArray();
        Assert.Equal(12, corps.Count);
        Assert.Equal(1, corps.Sum(w => w!["received"]!.GetValue<int>()));
    }

    public static TheoryData<string, string, string> BadParameters => new()
    {
        { "completion", "groupBy=week", "groupBy" },
        { "completion", "unit=XX99", "unit" },
        { "completion", "round=NO-SUCH-ROUND", "round" },
        { "completion", "batch=2", "batch" },
        { "completion", "category=Fire", "category" },
        { "completion", "from=2026-1-1", "from" },
        { "completion", "to=tomorrow", "to" },
        { "trend", "weeks=0", "weeks" },
        { "trend", "weeks=105", "weeks" },
        { "trend", "weeks=many", "weeks" },
        { "trend", "unit=XX99", "unit" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task A_bad_parameter_is_400_naming_it(string route, string query, string parameter)
    {
        var problem = await (await host.ClientFor("supervisor")).GetJson($"/api/stats/{route}?{query}", 400);
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task Only_case_workers_may_read_statistics()
    {
        var admin = await host.ClientFor("admin");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/stats/completion")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/stats/trend")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientFor("intake")).GetAsync("/api/stats/completion")).StatusCode);
    }

    private static async Task<IReadOnlyList<JsonNode>> Rows(HttpClient client, string query) =>
        (await client.GetJson($"/api/stats/completion?{query}")).AsArray().Select(r => r!).ToList();

    private static void AssertRow(JsonNode row, int total, int notAccepted, int closed, int closedFinal, int closedStage, int open,
        decimal? completionRate, int closedOnTime, decimal? onTimeRate, int overdue, int repeats, int repeatCases, int dissatisfied,
        int answeredCallbacks, int satisfied, decimal? satisfactionRate, int withVerdict, int substantiated, decimal? substantiatedRate)
    {
        var expected = new Dictionary<string, decimal?>
        {
            ["total"] = total, ["notAccepted"] = notAccepted, ["closed"] = closed, ["closedFinal"] = closedFinal,
            ["closedStage"] = closedStage, ["open"] = open, ["completionRate"] = completionRate, ["closedOnTime"] = closedOnTime,
            ["onTimeRate"] = onTimeRate, ["overdue"] = overdue, ["repeats"] = repeats, ["repeatCases"] = repeatCases,
            ["dissatisfied"] = dissatisfied, ["answeredCallbacks"] = answeredCallbacks, ["satisfied"] = satisfied,
            ["satisfactionRate"] = satisfactionRate, ["withVerdict"] = withVerdict, ["substantiated"] = substantiated,
            ["substantiatedRate"] = substantiatedRate,
        };
        var actual = expected.Keys.ToDictionary(k => k, k => row[k]?.GetValue<decimal>());
        Assert.Equal(expected, actual);
    }

    private static void AssertSameCounts(JsonNode expected, JsonNode actual)
    {
        foreach (var field in Fields.Where(f => f is not ("key" or "name")))
        {
            Assert.True(expected[field]?.GetValue<decimal>() == actual[field]?.GetValue<decimal>(), $"{field}: {expected[field]} ≠ {actual[field]}");
        }
    }

    /// <summary>Every count of the parent is the sum of the parts' (rates follow from the counts).</summary>
    private static void AssertSumEquals(JsonNode parent, IEnumerable<JsonNode> parts)
    {
        var list = parts.ToList();
        foreach (var field in Counts)
        {
            Assert.True(parent[field]!.GetValue<int>() == list.Sum(p => p[field]!.GetValue<int>()),
                $"{field}: {parent[field]} ≠ Σ {string.Join("+", list.Select(p => p[field]))}");
        }
    }
}

public sealed class CompletionStatsOnSqlite(SqliteHost host) : CompletionStatsTests(host), IClassFixture<SqliteHost>;

public sealed class CompletionStatsOnPostgres(PostgresHost host) : CompletionStatsTests(host), IClassFixture<PostgresHost>;
