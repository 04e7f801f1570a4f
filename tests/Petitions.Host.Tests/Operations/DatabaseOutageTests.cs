using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// PostgreSQL stopped for 20 s under a load of registrations, then started again (a server of the test's own, so the
/// run's server stays up): during the outage /health is 503 and every answer is a 503 ProblemDetails within the
/// request timeout — never a 500, never a hang; afterwards the same host, without a restart, serves every case it
/// acknowledged and the statistics equal a recount.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostgreSQL_stopped_for_20_seconds_gives_503s_and_the_host_recovers_without_restart_or_loss()
    {
        var home = Path.Combine(Path.GetTempPath(), "petitions-outage", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(home);
        var server = await Pg(home, "start");
        try
        {
            var connection = server.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
            var unused = Path.Combine(home, "unused.db");
            await using var host = await HostProcess.StartAsync(unused, "--Storage:Profile=Postgres", $"--ConnectionStrings:Postgres={connection}",
                $"--Orleans:ClusterId=outage-{Guid.NewGuid():N}");
            var intake = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(40) };
            intake.DefaultRequestHeaders.Authorization = (await host.ClientFor("intake")).DefaultRequestHeaders.Authorization;
            var admin = await host.ClientFor("admin");

            var acknowledged = new ConcurrentDictionary<string, bool>();
            var answers = new ConcurrentBag<(bool Outage, HttpStatusCode? Status, TimeSpan Took)>();
            var outage = false;
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var during = Volatile.Read(ref outage);
                    var watch = Stopwatch.StartNew();
                    try
                    {
                        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"));
                        answers.Add((during, response.StatusCode, watch.Elapsed));
                        if (response.StatusCode == HttpStatusCode.Created) acknowledged[(await response.Json())["caseNo"]!.GetValue<string>()] = true;
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                            await Task.Delay(200);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        answers.Add((during, null, watch.Elapsed));
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            await Pg(home, "stop");
            Volatile.Write(ref outage, true);
            var healthDuring = new List<HttpStatusCode>();
            using (var probe = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(40) })
            {
                for (var i = 0; i < 8; i++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2.5));
                    healthDuring.Add((await probe.GetAsync("/health")).StatusCode);
                }
            }

            // Back on the same port (the connection string names it), as a restarted server is.
            await Pg(home, "start", port: connection.Split(';').Single(p => p.StartsWith("Port=", StringComparison.Ordinal))[5..]);
            Volatile.Write(ref outage, false);
            // Recovered: registrations succeed again on the same process.
            var recovered = Stopwatch.StartNew();
            while (true)
            {
                var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[(await response.Json())["caseNo"]!.GetValue<string>()] = true;
                    break;
                }

                Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(120),
                    $"not recovered two minutes after the restart: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                await Task.Delay(500);
            }

            output.WriteLine($"recovered {recovered.Elapsed.TotalSeconds:0.0} s after PostgreSQL was back");
            // The host catches its read model up by itself once the store is back (a case may have been written just as it went away).
            await Task.Delay(TimeSpan.FromSeconds(5));
            stop.Cancel();
            await Task.WhenAll(workers);

            foreach (var group in answers.GroupBy(a => (a.Outage, a.Status)))
            {
                output.WriteLine($"{(group.Key.Outage ? "outage" : "normal")} {group.Key.Status?.ToString() ?? "no answer"}: {group.Count()}, slowest {group.Max(a => a.Took).TotalSeconds:0.0} s");
            }

            Assert.All(healthDuring, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
            Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {a.Status?.ToString() ?? "nothing"} after {a.Took.TotalSeconds:0.0} s"));
            Assert.Contains(answers, a => a.Outage && a.Status == HttpStatusCode.ServiceUnavailable);

            var supervisor = await host.ClientFor("supervisor");
            foreach (var caseNo in acknowledged.Keys) Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
            var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
            Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());
        }
        finally
        {
            await Pg(home, "stop");
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<string> Pg(string home, string verb, string? port = null)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(PostgresServer.RepositoryRoot(), "ops", "pg.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PETITIONS_PG_HOME"] = home;
        if (port is not null) info.Environment["PG_PORT"] = port;
        var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ops/pg.sh {verb}: {stderr}");
        return stdout;
    }
}
