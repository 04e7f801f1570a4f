using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Petitions.Bench;

/// <summary>
/// `--recovery` (goal 6): a host process on a database of N cases takes registrations from 8 clients and is killed
/// with SIGKILL mid-stream; it is started again on the same database. Measured: the time from the restart to its first
/// HTTP answer and to a current read model (/health says "catching up" until then), beside the same database's cold
/// start before the kill; and that every registration answered 201 before the kill is there after it, by the case's
/// own page and in the read model.
/// </summary>
public sealed class RecoveryBenchmark(BenchProfile profile, string location, string keyDirectory, Action<string> log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var name = profile.ToString();
        var cases = await CountAsync("SELECT COUNT(*) FROM case_index", null);
        TimeSpan coldHttp, coldCurrent;
        var acknowledged = new List<string>();
        var refused = 0;
        await using (var first = new HostProcess(profile, location, keyDirectory))
        {
            coldHttp = await first.WaitForHttpAsync(Patience);
            coldCurrent = await first.WaitForCurrentAsync(Patience);
            log($"  recovery at {cases:N0} cases: cold start, HTTP after {coldHttp.TotalSeconds:F1} s, read model current after {coldCurrent.TotalSeconds:F1} s");
            var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => first.ClientForAsync("intake")));
            using var stop = new CancellationTokenSource();
            var run = Guid.NewGuid().ToString("N")[..6];
            var next = 0;
            var loops = clients.Select(async client =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    try
                    {
                        var response = await client.PostAsJsonAsync("/api/petitions", new
                        {
                            channel = "Hotline", receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), regionCode = "654000", address = $"伊宁市恢复路{i}号",
                            complainant = new { name = "测试", phone = $"138{i:D8}", anonymous = false }, target = $"恢复{run}第{i}化工有限公司",
                            categories = new[] { "Air" }, description = "夜间排放刺鼻气味。",
                        });
                        if ((int)response.StatusCode == 201)
                        {
                            var caseNo = (await response.Content.ReadFromJsonAsync<JsonObject>())!["caseNo"]!.GetValue<string>();
                            lock (acknowledged) acknowledged.Add(caseNo);
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the host is gone: what was in flight was never acknowledged
                    }
                }
            }).ToList();
            await Task.Delay(TimeSpan.FromSeconds(4));
            await first.KillAsync();
            await Task.WhenAll(loops);
            foreach (var client in clients) client.Dispose();
            log($"  recovery: SIGKILL after {acknowledged.Count} registrations answered 201 ({refused} other answers)");
        }

        await using var second = new HostProcess(profile, location, keyDirectory);
        var http = await second.WaitForHttpAsync(Patience);
        var current = await second.WaitForCurrentAsync(Patience);
        var catchUpLine = second.Output.LastOrDefault(l => l.Contains("catch-up after start-up done", StringComparison.Ordinal));
        var catchUp = catchUpLine is null ? "(no catch-up line in the host's log)" : catchUpLine[(catchUpLine.IndexOf("Read-model", StringComparison.Ordinal))..];
        log($"  recovery: restarted, HTTP after {http.TotalSeconds:F1} s, read model current after {current.TotalSeconds:F1} s; {catchUp.Trim()}");

        using var supervisor = await second.ClientForAsync("supervisor");
        var pages = 0;
        foreach (var caseNo in acknowledged)
        {
            if ((await supervisor.GetAsync($"/api/petitions/{caseNo}")).IsSuccessStatusCode) pages++;
        }

        var rows = 0L;
        foreach (var chunk in acknowledged.Chunk(500)) rows += await CountAsync("SELECT COUNT(*) FROM case_index WHERE case_no IN @chunk", new { chunk });
        log($"  recovery: {pages} of {acknowledged.Count} acknowledged cases open by their page, {rows} in the read model");
        if (pages != acknowledged.Count || rows != acknowledged.Count)
            throw new InvalidOperationException($"Acknowledged registrations lost after SIGKILL: {acknowledged.Count} answered 201, {pages} pages, {rows} read-model rows.");

        var note = $"{cases:N0} cases; cold start of the same database before the kill: HTTP {coldHttp.TotalSeconds:F1} s, read model current {coldCurrent.TotalSeconds:F1} s";
        return
        [
            new(name, $"recovery after SIGKILL at {cases:N0} cases: first HTTP answer after the restart", http.TotalMilliseconds, coldHttp.TotalMilliseconds, "ms",
                "the same database's cold start to its first HTTP answer (goal: ≤ 10 s)", false, note),
            new(name, $"recovery after SIGKILL at {cases:N0} cases: read model current after the restart", current.TotalMilliseconds, coldCurrent.TotalMilliseconds, "ms",
                "the cold start's read model current (goal: catch-up < 1 min)", false, catchUp.Trim()),
            new(name, "recovery after SIGKILL: acknowledged registrations found (page and read model)", rows, acknowledged.Count, "cases",
                "registrations answered 201 before the kill", true, $"{pages} open by their page; {refused} answers other than 201"),
        ];
    }

    private async Task<long> CountAsync(string sql, object? args)
    {
        await using System.Data.Common.DbConnection connection = profile == BenchProfile.Sqlite
            ? new SqliteConnection($"Data Source={location};Mode=ReadOnly")
            : new NpgsqlConnection(location);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }
}
