using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// Two silos on PostgreSQL under a load of clients registering and reading; one is SIGKILLed. Every 2xx the clients got
/// is in the data afterwards, the clients of the survivor get errors (503, never 500, never a hang) only for a bounded
/// window, the survivor then serves every case, the statistics equal a recount, and the killed silo rejoins.
/// </summary>
public sealed class SiloKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_one_of_two_silos_under_load_loses_nothing_acknowledged_and_errors_stop_within_a_bounded_window()
    {
        var database = PostgresServer.CreateDatabase();
        string[] Args() => ["--Storage:Profile=Postgres", $"--ConnectionStrings:Postgres={database}", $"--Orleans:ClusterId=kill-{database[^12..]}"];
        var unused = Path.Combine(Path.GetTempPath(), "petitions-kill", Guid.NewGuid().ToString("N"), "unused.db");
        try
        {
            await using var survivor = await HostProcess.StartAsync(unused, Args());
            var victim = await HostProcess.StartAsync(unused, Args());
            // No request may hang: past 40 s a client gives up, and that counts as a failure without an answer.
            var intake = new HttpClient { BaseAddress = survivor.Address, Timeout = TimeSpan.FromSeconds(40) };
            intake.DefaultRequestHeaders.Authorization = (await survivor.ClientFor("intake")).DefaultRequestHeaders.Authorization;
            var viaVictim = await victim.ClientFor("intake");

            // Cases whose grains live on either silo (random placement): some are on the one that will die.
            var acknowledged = new ConcurrentDictionary<string, bool>();
            for (var i = 0; i < 30; i++)
            {
                var client = i % 2 == 0 ? intake : viaVictim;
                var created = await client.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                acknowledged[(await created.Json())["caseNo"]!.GetValue<string>()] = true;
            }

            var known = acknowledged.Keys.ToArray();
            var clock = Stopwatch.StartNew();
            // When each failed request ended (its answer, or giving up), and what it was.
            var failures = new ConcurrentBag<(TimeSpan At, HttpStatusCode? Status, string Error)>();
            var killedAt = TimeSpan.Zero;
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (random.Next(2) == 0)
                        {
                            var key = Guid.NewGuid().ToString("N");
                            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/petitions")
                            {
                                Content = JsonContent.Create(Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100")),
                            };
                            request.Headers.Add("Idempotency-Key", key);
                            var response = await intake.SendAsync(request);
                            if (response.StatusCode == HttpStatusCode.Created) acknowledged[(await response.Json())["caseNo"]!.GetValue<string>()] = true;
                            else failures.Add((clock.Elapsed, response.StatusCode, await response.Content.ReadAsStringAsync()));
                        }
                        else
                        {
                            var response = await intake.GetAsync($"/api/petitions/{known[random.Next(known.Length)]}");
                            if (response.StatusCode != HttpStatusCode.OK) failures.Add((clock.Elapsed, response.StatusCode, await response.Content.ReadAsStringAsync()));
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        failures.Add((clock.Elapsed, null, ex.GetType().Name));
                    }
                }
            })).ToList();

            await Task.Delay(TimeSpan.FromSeconds(3));
            killedAt = clock.Elapsed;
            victim.Kill();
            // Run on until the survivor has answered everything for 10 s in a row (at most 90 s after the kill).
            while (clock.Elapsed - killedAt < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(500);
                var lastFailure = failures.IsEmpty ? killedAt : failures.Max(f => f.At);
                if (clock.Elapsed - Max(lastFailure, killedAt) > TimeSpan.FromSeconds(10)) break;
            }

            stop.Cancel();
            await Task.WhenAll(workers);
            await victim.DisposeAsync();

            var window = failures.IsEmpty ? TimeSpan.Zero : failures.Max(f => f.At) - killedAt;
            output.WriteLine($"silo killed at {killedAt.TotalSeconds:0.0} s; {failures.Count} failed requests; errors for {window.TotalSeconds:0.0} s after the kill; {acknowledged.Count} cases acknowledged");
            foreach (var group in failures.GroupBy(f => f.Status)) output.WriteLine($"  {group.Key?.ToString() ?? "no answer"}: {group.Count()}");
            Assert.All(failures, f => Assert.True(f.Status == HttpStatusCode.ServiceUnavailable, $"at {f.At.TotalSeconds:0.0} s: {f.Status} {f.Error}"));
            Assert.True(clock.Elapsed - Max(failures.IsEmpty ? killedAt : failures.Max(f => f.At), killedAt) > TimeSpan.FromSeconds(10),
                $"errors went on for {window.TotalSeconds:0.0} s after the kill");

            // Every acknowledged case is served by the survivor; the statistics equal a recount.
            var supervisor = await survivor.ClientFor("supervisor");
            foreach (var caseNo in acknowledged.Keys) Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
            var report = await (await survivor.ClientFor("admin")).PostJson("/api/admin/stats/rebuild", new { });
            Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());

            // The killed silo comes back (as systemd restarts it) and serves the cases again.
            await using var rejoined = await HostProcess.StartAsync(unused, Args());
            var again = await rejoined.ClientFor("supervisor");
            foreach (var caseNo in known) Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
