using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.Units;
using Petitions.Host.Tests.Features.Stats;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Admin;

public abstract class RecountTests(PetitionsHost host)
{
    private async Task<string> Register(HttpClient intake, string? leadUnit = "654000")
    {
        var body = leadUnit is null ? Complaints.Valid(host.Clock.GetUtcNow()) : Complaints.Valid(host.Clock.GetUtcNow()).With("leadUnit", leadUnit);
        return (await intake.PostJson("/api/petitions", body, 201))["caseNo"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_recount_corrects_and_reports_every_row_that_differs_from_the_case_states()
    {
        var intake = await host.ClientFor("intake");
        var admin = await host.ClientFor("admin");
        var missing = await Register(intake);
        var stale = await Register(intake);
        await Register(intake);
        var clean = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(clean["corrected"]!.GetValue<bool>());

        // Damage the read model the way a crash or a bug could: a lost row, a stale row, a row without a case.
        await host.Execute("DELETE FROM case_index WHERE case_no = @missing", new { missing });
        await host.Execute("UPDATE case_index SET status = 'Closed', is_open = 0, version = 99 WHERE case_no = @stale", new { stale });
        await host.Execute("INSERT INTO case_index SELECT 'XF1999000001', version, storage_etag, status, channel, region_code, lead_unit, co_units, round_code, batch_no, external_ref, received_at, registered_at, accepted_at, due_at, is_open, closed_at, close_kind, closed_on_time, verdict, satisfaction, is_repeat, repeat_of, repeat_count, on_problem_list, problem_source, problem_reason, problem_target, problem_due_at, problem_responsible, reopen_count, leader_name, leader_title, supervision_count, open_supervision, extension_status, categories, target, subject_key, address, description, updated_at, came_back, repeat_decision, phone_hash, notice_due_at, case_type, urgent_kind, urgent_reports, diverted_to FROM case_index WHERE case_no = @stale", new { stale });

        var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.True(report["corrected"]!.GetValue<bool>());
        Assert.Equal(1, report["inserted"]!.GetValue<long>());
        Assert.Equal(1, report["updated"]!.GetValue<long>());
        Assert.Equal(1, report["removed"]!.GetValue<long>());
        var differences = report["differences"]!.AsArray();
        Assert.Contains(differences, d => d!["caseNo"]!.GetValue<string>() == missing && d["kind"]!.GetValue<string>() == "Missing");
        Assert.Contains(differences, d => d!["caseNo"]!.GetValue<string>() == stale && d["fields"]!.AsArray().Any(f => f!.GetValue<string>() == "Status"));
        Assert.Contains(differences, d => d!["caseNo"]!.GetValue<string>() == "XF1999000001" && d["kind"]!.GetValue<string>() == "Orphan");

        Assert.Equal("Assigned", await host.Scalar<string>("SELECT status FROM case_index WHERE case_no = @stale", new { stale }));
        var again = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(again["corrected"]!.GetValue<bool>());
        Assert.Equal(report["after"]!.ToJsonString(), again["before"]!.ToJsonString());
    }

    [Fact]
    public async Task The_rebuild_reports_and_fixes_a_statistics_counter_that_differs_from_the_case_states()
    {
        var intake = await host.ClientFor("intake");
        var admin = await host.ClientFor("admin");
        var supervisor = await host.ClientFor("supervisor");
        await Register(intake, "654200");
        await Register(intake, "654200");
        var clean = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.Empty(clean["counterDifferences"]!.AsArray());
        Assert.Equal(0, clean["countersCorrected"]!.GetValue<long>());
        var before = (await supervisor.GetJson("/api/stats/completion?groupBy=unit&unit=654200")).ToJsonString();

        // A corrupted counter (a bug, a hand edit): the statistics read it, the rebuild finds it from the case states.
        await host.Execute("UPDATE stats_counter SET total = total + 7, closed = closed + 3 WHERE lead_unit = '654200' AND category = '' AND received_day = 0");
        // The unit grain serving these statistics keeps a copy: tell it (as a projector would after a commit) so that it
        // reads the corrupted counter too, and the rebuild must then tell it of the correction.
        await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IResponsibleUnitGrain>("654200").CountersChanged([]);
        var corrupted = await Settle.Until(async () => (await supervisor.GetJson("/api/stats/completion?groupBy=unit&unit=654200")).ToJsonString(), c => c != before);
        Assert.NotEqual(before, corrupted);

        var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.True(report["corrected"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(0, report["inserted"]!.GetValue<long>() + report["updated"]!.GetValue<long>() + report["removed"]!.GetValue<long>());
        var differences = report["counterDifferences"]!.AsArray();
        Assert.Equal(2, differences.Count);
        Assert.All(differences, d => Assert.Contains("unit 654200", d!["scope"]!.GetValue<string>(), StringComparison.Ordinal));
        var total = differences.Single(d => d!["measure"]!.GetValue<string>() == "Total")!;
        Assert.Equal(total["expected"]!.GetValue<long>() + 7, total["found"]!.GetValue<long>());
        Assert.Contains(differences, d => d!["measure"]!.GetValue<string>() == "Closed");

        Assert.Equal(before, await Settle.Until(async () => (await supervisor.GetJson("/api/stats/completion?groupBy=unit&unit=654200")).ToJsonString(), c => c == before));
        var again = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(again["corrected"]!.GetValue<bool>(), again.ToJsonString());
        Assert.Empty(again["counterDifferences"]!.AsArray());
    }

    [Fact]
    public async Task Only_administrators_run_the_recount()
    {
        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/admin/stats/rebuild", new { })).StatusCode);
    }
}

public sealed class RecountOnSqlite(SqliteHost host) : RecountTests(host), IClassFixture<SqliteHost>;

public sealed class RecountOnPostgres(PostgresHost host) : RecountTests(host), IClassFixture<PostgresHost>;

/// <summary>Killing the host in the middle of a stream of commands loses nothing acknowledged and leaves exact numbers.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task After_a_SIGKILL_during_a_stream_of_commands_every_acknowledged_case_is_there_and_the_recount_finds_nothing_to_correct()
    {
        var database = Path.Combine(Path.GetTempPath(), "petitions-crash", Guid.NewGuid().ToString("N"), "p.db");
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        // A separate host process: it runs on the system clock, so its test data does too.
        await using (var first = await HostProcess.StartAsync(database))
        {
            var intake = await first.ClientFor("intake");
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"), CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged.Add((await response.Json())["caseNo"]!.GetValue<string>());
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process is gone
                    }
                }
            }).ToList();

            // Kill in the middle of the stream: once a good number of writes were acknowledged (a loaded machine is slow).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 30 && DateTime.UtcNow < deadline) await Task.Delay(100);
            first.Kill();
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        Assert.NotEmpty(acknowledged);
        await using var second = await HostProcess.StartAsync(database);
        // The host answers at once; the read model catches up behind it, and /health says "Degraded" until it is done.
        using (var anonymous = new HttpClient { BaseAddress = second.Address })
        {
            string status;
            var attempts = 0;
            do
            {
                status = (await anonymous.GetJson("/health"))["status"]!.GetValue<string>();
                if (status == "Degraded") await Task.Delay(100);
            }
            while (status == "Degraded" && ++attempts < 1200);
            Assert.Equal("Healthy", status);
        }

        var admin = await second.ClientFor("admin");
        var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
        Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());

        var supervisor = await second.ClientFor("supervisor");
        foreach (var caseNo in acknowledged)
        {
            await supervisor.GetJson($"/api/petitions/{caseNo}");
        }
    }
}
