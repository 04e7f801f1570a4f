using Dapper;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Cases;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Units;
using Petitions.Application.Features.Stats;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Infrastructure.ReadModel;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Stats;

/// <summary>
/// Property: after a long random sequence of commands — with retried commands, and with the read-model write failing
/// at random right after the case was persisted (a crash between the case write and the statistics update) — the
/// statistics equal a recount from the case states, and the recount finds nothing to correct.
/// </summary>
public abstract class StatisticsRecountPropertyTests(StatisticsRecountPropertyTests.FlakyHost host)
{
    /// <summary>A host whose read-model writes fail one time in eight while <see cref="Flaky"/> is on.</summary>
    public class FlakyHost(Profile profile) : PetitionsHost(profile)
    {
        public FlakyProjector? Projector { get; private set; }

        public bool Flaky
        {
            set => Projector!.Enabled = value;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Single(d => d.ServiceType == typeof(ICaseProjector));
                services.Remove(inner);
                services.AddSingleton<ICaseProjector>(sp =>
                    Projector = new FlakyProjector((ICaseProjector)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)));
            });
        }
    }

    public sealed class FlakyProjector(ICaseProjector inner) : ICaseProjector
    {
        private readonly Random random = new(7);
        public volatile bool Enabled;
        public int Failures;

        public Task ProjectAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default)
        {
            lock (random)
            {
                if (Enabled && random.Next(8) == 0)
                {
                    Interlocked.Increment(ref Failures);
                    throw new IOException("Simulated crash between the case write and the read-model update.");
                }
            }

            return inner.ProjectAsync(petitionCase, storageEtag, cancellationToken);
        }

        public Task ReplaceAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default) =>
            inner.ReplaceAsync(petitionCase, storageEtag, cancellationToken);
    }

    private static readonly string[] Units = ["654000", "654200", "650100", "BT01", "BT08", "652300"];
    private static readonly string[] Targets = ["天山化工", "天山化工有限公司", "准东煤电", "石河子造纸厂", "伊犁钢铁", "昌吉养殖场"];

    [Fact]
    public async Task Statistics_equal_a_recount_from_the_case_states_after_thousands_of_random_commands()
    {
        var random = new Random(20261129);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var intake = await host.ClientFor("intake");
        var cases = new List<string>();
        var commands = 0;

        // Registrations go through the API (with the flaky projector off: a failed registration would only be retried).
        for (var i = 0; i < 120; i++)
        {
            var region = Units[random.Next(Units.Length)];
            var body = Complaints.Valid(host.Clock.GetUtcNow(), region, $"{Targets[random.Next(Targets.Length)]}{random.Next(4)}", host.Clock.GetUtcNow().AddDays(-random.Next(1, 40)));
            cases.Add((await intake.PostJson("/api/petitions", body.With("leadUnit", region), 201))["caseNo"]!.GetValue<string>());
        }

        host.Flaky = true;
        for (var step = 0; step < 2500; step++)
        {
            var caseNo = cases[random.Next(cases.Count)];
            var grain = grains.GetGrain<IPetitionCaseGrain>(caseNo);
            var state = await Retry(() => grain.Get());
            var command = Next(state!, random, host.Clock.GetUtcNow());
            if (command is null) continue;
            var meta = new CommandMeta(new Actor("prop", "性质测试"), $"prop-{step}");
            if (random.Next(3) == 0)
            {
                // A client that gives up after an error: whatever was committed must still reach the statistics.
                try { await grain.Execute(command, meta); } catch (IOException) { }
                continue;
            }

            await Retry(() => grain.Execute(command, meta));
            commands++;
            if (random.Next(10) == 0)
            {
                await Retry(() => grain.Execute(command, meta)); // a client retrying after a lost answer
            }

            if (random.Next(200) == 0) host.Clock.Advance(TimeSpan.FromDays(random.Next(1, 20)));
        }

        host.Flaky = false;
        Assert.True(host.Projector!.Failures > 50, $"only {host.Projector.Failures} simulated crashes");
        Assert.True(commands > 1500, $"only {commands} commands applied");

        // A case whose last read-model write failed heals on its next call (or activation): touch every case once.
        var states = new List<PetitionCase>();
        foreach (var caseNo in cases) states.Add((await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get())!);
        Assert.Empty(await host.Services.GetRequiredService<IReadModelRecount>().FindStaleAsync());

        // A day count that went down to zero is deleted with its last case (cases closed and deadlines moved did so).
        await using (var connection = await host.Services.GetRequiredService<IDatabase>().OpenAsync())
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stats_day_counter WHERE cases = 0"));
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stats_day_counter WHERE kind = 'closed'") > 0);
        }

        var supervisor = await host.ClientFor("supervisor");
        var admin = await host.ClientFor("admin");

        var api = (await supervisor.GetJson("/api/stats/completion")).AsArray().Single()!;
        var now = host.Clock.GetUtcNow();
        var counted = states.Where(c => c.Status is not (CaseStatus.NotAccepted or CaseStatus.Diverted)).ToList();
        AssertCount(api, "total", counted.Count);
        AssertCount(api, "notAccepted", states.Count(c => c.Status == CaseStatus.NotAccepted));
        AssertCount(api, "diverted", states.Count(c => c.Status == CaseStatus.Diverted));
        Assert.Contains(states, c => c.Status == CaseStatus.Diverted);
        AssertCount(api, "closed", counted.Count(c => c.Status == CaseStatus.Closed));
        AssertCount(api, "closedStage", counted.Count(c => c.Status == CaseStatus.Closed && c.Closure!.Kind == ClosureKind.Stage));
        AssertCount(api, "closedOnTime", counted.Count(c => c.Status == CaseStatus.Closed && c.Closure!.OnTime));
        AssertCount(api, "overdue", counted.Count(c => c.IsOverdue(now)));
        AssertCount(api, "repeats", counted.Sum(c => c.Repeats.Count));
        AssertCount(api, "repeatCases", counted.Count(c => c.RepeatOf is not null));
        AssertCount(api, "dissatisfied", counted.Count(c => c.EffectiveSatisfaction == Satisfaction.Dissatisfied));
        AssertCount(api, "answeredCallbacks", counted.Count(c => c.EffectiveSatisfaction is not null));
        AssertCount(api, "satisfied", counted.Count(c => c.EffectiveSatisfaction is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied));
        AssertCount(api, "withVerdict", counted.Count(c => c.Result is not null));
        AssertCount(api, "substantiated", counted.Count(c => c.Result?.Verdict is Verdict.Substantiated or Verdict.PartlySubstantiated));

        // Per unit, too: each prefecture's and division's row is its cases, and 兵团 is the sum of its divisions.
        var byUnit = (await supervisor.GetJson("/api/stats/completion?groupBy=unit&unit=BT")).AsArray();
        foreach (var unit in Units.Where(u => u.StartsWith("BT")))
        {
            var row = byUnit.Single(r => r!["key"]!.GetValue<string>() == unit)!;
            AssertCount(row, "total", counted.Count(c => c.EffectiveLeadUnit == unit));
            AssertCount(row, "closed", counted.Count(c => c.EffectiveLeadUnit == unit && c.Status == CaseStatus.Closed));
        }

        // The counters, kept by the projector through every injected failure, equal the same counts aggregated
        // straight from the case rows: every grouping, with and without filters, now and a month later.
        var queries = (StatisticsQueries)host.Services.GetRequiredService<IStatisticsQueries>();
        var filters = new[]
        {
            new StatsFilter(),
            new StatsFilter { Category = counted.SelectMany(c => c.Categories).First() },
            new StatsFilter { From = ChinaTime.DateOf(now).AddDays(-20), To = ChinaTime.DateOf(now).AddDays(-3) },
        };
        foreach (var at in new[] { now, now.AddHours(7), now.AddDays(30) })
        {
            foreach (var filter in filters)
            {
                foreach (var groupBy in new StatsGroupBy?[] { null, StatsGroupBy.Unit, StatsGroupBy.Round, StatsGroupBy.Batch, StatsGroupBy.Category })
                {
                    foreach (var leads in new[] { null, new[] { "654200", "BT01" } })
                    {
                        var fromCounters = Canonical(await queries.CountAsync(filter, leads, groupBy, at));
                        var fromCases = Canonical(AddUpLeadUnits(await queries.CountFromCasesAsync(filter, leads, groupBy, at), groupBy));
                        Assert.True(fromCases == fromCounters, $"{filter} by {groupBy} at {at:O}:\ncases:    {fromCases}\ncounters: {fromCounters}");
                    }
                }
            }
        }

        // Each unit grain's live statistics (its subtree, per lead unit and round, from its counters in memory) equal the
        // same counts aggregated from the case rows.
        await AssertUnitGrainsEqualARecount(grains, queries);

        var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Empty(report["counterDifferences"]!.AsArray());

        // Later the same day (Overdue judged from the day's deadlines the grain holds) and a month later (another day: read again).
        host.Clock.Advance(TimeSpan.FromHours(7));
        await AssertUnitGrainsEqualARecount(grains, queries);
        host.Clock.Advance(TimeSpan.FromDays(30));
        await AssertUnitGrainsEqualARecount(grains, queries);
    }

    private async Task AssertUnitGrainsEqualARecount(IGrainFactory grains, StatisticsQueries queries)
    {
        var tree = new UnitTree(await host.Services.GetRequiredService<IUnitCatalog>().ListAsync());
        foreach (var unit in Units.Concat(["BT", "650000"]).Distinct())
        {
            var expected = Canonical(await queries.CountFromCasesAsync(new StatsFilter(), tree.Subtree(unit).ToList(), StatsGroupBy.Round, host.Clock.GetUtcNow()));
            var found = await Settle.Until(async () => Canonical((await grains.GetGrain<IResponsibleUnitGrain>(unit).GetStatistics()).Groups
                .Select(g => new GroupCounts(g.LeadUnit, g.RoundCode, null, null, g.Measures)).ToList()), f => f == expected);
            Assert.True(expected == found, $"unit {unit} at {host.Clock.GetUtcNow():O}:\ncases: {expected}\ngrain: {found}");
        }
    }

    /// <summary>Per-lead-unit counts as CountAsync gives them: grouped by round, batch or category, the lead units added up.</summary>
    private static IReadOnlyList<GroupCounts> AddUpLeadUnits(IReadOnlyList<GroupCounts> groups, StatsGroupBy? groupBy) =>
        groupBy is null or StatsGroupBy.Unit
            ? groups
            : groups.GroupBy(g => (g.RoundCode, g.BatchNo, g.Category))
                .Select(g => new GroupCounts("", g.Key.RoundCode, g.Key.BatchNo, g.Key.Category,
                    g.SelectMany(c => c.Measures).GroupBy(m => m.Key).ToDictionary(m => m.Key, m => m.Sum(v => v.Value))))
                .ToList();

    /// <summary>Groups in one order, each with its non-zero measures (a scope whose counts all went back to 0 is no difference).</summary>
    private static string Canonical(IReadOnlyList<GroupCounts> groups) => string.Join("\n", groups
        .Select(g => $"{g.LeadUnit}|{g.RoundCode}|{g.BatchNo}|{g.Category}: {string.Join(", ", g.Measures.Where(m => m.Value != 0).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"))}")
        .Where(line => !line.EndsWith(": ", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    private static void AssertCount(JsonNode row, string field, int expected) =>
        Assert.True(row[field]!.GetValue<int>() == expected, $"{field}: statistics say {row[field]}, the case states say {expected}");

    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (attempt < 20)
            {
                // The simulated crash: the client did not get its answer and tries again with the same key.
            }
        }
    }

    /// <summary>A command that applies to the case's state (or, now and then, one that does not: it must be refused).</summary>
    private static CaseCommand? Next(PetitionCase c, Random random, DateTimeOffset now)
    {
        var roll = random.Next(100);
        return c.Status switch
        {
            CaseStatus.Registered => roll switch
            {
                < 10 => new NotAcceptCaseCommand("不属于职责范围"),
                < 14 => new DivertCaseCommand(DivertBody.DisciplineInspection, null, "反映公职人员问题", "已转送纪检监察机关"),
                _ => new AssignCaseCommand(Units[random.Next(Units.Length)], [], null),
            },
            CaseStatus.Assigned => roll switch
            {
                < 10 => new TransferCaseCommand(Units[random.Next(Units.Length)], "属地管理"),
                < 12 => new DivertCaseCommand(DivertBody.PoliticalLegal, null, "已进入诉讼程序", "已转送人民法院"),
                _ => new AcceptCaseCommand(),
            },
            CaseStatus.InProgress => roll switch
            {
                < 35 => new LogSiteVisitCommand(now.AddMinutes(-random.Next(1, 600)), ["核查员"], "现场核查"),
                < 45 => c.Extension is null ? new RequestExtensionCommand(random.Next(1, 31), "需要监测") : new ApproveExtensionCommand(),
                < 50 => new IssueSupervisionNoticeCommand("请加快办理", null),
                < 55 => new NameLeaderOwnerCommand("李副市长", "副市长"),
                _ => new SubmitResultCommand((Verdict)random.Next(3), "核查结论", "整改措施", null, "公开说明"),
            },
            CaseStatus.ResultSubmitted => roll switch
            {
                < 60 => new LogCallbackCommand(now, CallbackMethod.Phone, (CallbackContact)random.Next(2), (Satisfaction)random.Next(4), null),
                < 85 => new CloseCaseCommand(random.Next(4) == 0 ? ClosureKind.Stage : ClosureKind.Final, "验收", now.AddDays(30)),
                _ => new ReopenCaseCommand("复核发现问题", "重新整改", now.AddDays(20), "王局长"),
            },
            CaseStatus.Closed => roll switch
            {
                < 15 => new LogCallbackCommand(now, CallbackMethod.Visit, CallbackContact.Resident, (Satisfaction)random.Next(3), "回头看回访"),
                < 20 => new ReopenCaseCommand("回头看发现问题", "重新整改", now.AddDays(20), "王局长"),
                < 30 => c.Closure?.Kind == ClosureKind.Stage ? new CloseCaseCommand(ClosureKind.Final, "整改完成", null) : null,
                _ => null,
            },
            _ => null,
        };
    }
}

public sealed class SqliteFlakyHost() : StatisticsRecountPropertyTests.FlakyHost(Profile.Sqlite);

public sealed class PostgresFlakyHost() : StatisticsRecountPropertyTests.FlakyHost(Profile.Postgres);

public sealed class StatisticsRecountOnSqlite(SqliteFlakyHost host) : StatisticsRecountPropertyTests(host), IClassFixture<SqliteFlakyHost>;

public sealed class StatisticsRecountOnPostgres(PostgresFlakyHost host) : StatisticsRecountPropertyTests(host), IClassFixture<PostgresFlakyHost>;
