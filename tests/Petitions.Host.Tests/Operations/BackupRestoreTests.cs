using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// ops/backup.sh and ops/restore.sh as an operator runs them (processes, the settings as environment variables): a
/// backup taken while a host registers cases restores into a fresh store, and a host on it serves the backed-up cases
/// with statistics that a recount confirms; a non-empty target is refused without --force.
/// </summary>
public abstract class BackupRestoreTests
{
    protected abstract Dictionary<string, string> StoreSettings(string location);

    protected abstract string NewLocation();

    protected abstract string[] HostArgs(string location);

    [Fact]
    public async Task A_backup_taken_under_load_restores_into_a_fresh_store_that_serves_the_same_cases()
    {
        var sourceStore = NewLocation();
        var backup = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "petitions.backup");
        // The key directory is not in the backup: the operator keeps it (backed up separately) and gives it to the restored host.
        var keys = $"--Keys:Directory={Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys")}";
        List<string> baseline = [];
        var acknowledged = new ConcurrentBag<string>();
        await using (var source = await HostProcess.StartAsync(SqlitePathOrUnused(sourceStore), [.. HostArgs(sourceStore), keys]))
        {
            var intake = await source.ClientFor("intake");
            for (var i = 0; i < 5; i++) baseline.Add(await Register(intake));

            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested) acknowledged.Add(await Register(intake));
            });
            await Task.Delay(1000);
            var (code, output) = await Run("backup.sh", StoreSettings(sourceStore), backup);
            Assert.True(code == 0, output);
            await Task.Delay(500);
            stop.Cancel();
            await writer;
        }

        Assert.True(new FileInfo(backup).Length > 0);
        var restoredStore = NewLocation();
        var (restoreCode, restoreOutput) = await Run("restore.sh", StoreSettings(restoredStore), backup);
        Assert.True(restoreCode == 0, restoreOutput);
        var (refusedCode, refusedOutput) = await Run("restore.sh", StoreSettings(restoredStore), backup);
        Assert.NotEqual(0, refusedCode);
        Assert.Contains("--force", refusedOutput);

        // Without its key directory the restored store is useless: the host refuses to start.
        var strangerKeys = $"--Keys:Directory={Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "keys")}";
        await Assert.ThrowsAsync<InvalidOperationException>(() => HostProcess.StartAsync(SqlitePathOrUnused(restoredStore),
            [.. HostArgs(restoredStore), strangerKeys, $"--Orleans:ClusterId=stranger-{Guid.NewGuid():N}"]));

        await using var restored = await HostProcess.StartAsync(SqlitePathOrUnused(restoredStore), [.. HostArgs(restoredStore), keys, $"--Orleans:ClusterId=restored-{Guid.NewGuid():N}"]);
        var supervisor = await restored.ClientFor("supervisor");
        var page = await supervisor.GetJson("/api/petitions?pageSize=200");
        var cases = page.CaseNos();
        // Everything acknowledged before the backup began is there; nothing that was never acknowledged is.
        Assert.All(baseline, caseNo => Assert.Contains(caseNo, cases));
        var known = baseline.Concat(acknowledged).ToHashSet();
        Assert.All(cases, caseNo => Assert.Contains(caseNo, known));
        foreach (var caseNo in baseline.Take(2))
        {
            var petition = await supervisor.GetJson($"/api/petitions/{caseNo}");
            Assert.Equal("Registered", petition["status"]!.GetValue<string>());
        }

        // The statistics served are those of the restored cases: a recount finds nothing to correct.
        var stats = (await supervisor.GetJson("/api/stats/completion?groupBy=unit")).ToJsonString();
        var recount = await (await restored.ClientFor("admin")).PostJson("/api/admin/stats/rebuild", new { });
        Assert.Equal(cases.Count, recount["casesInStorage"]!.GetValue<long>());
        Assert.Equal(0, recount["inserted"]!.GetValue<long>() + recount["updated"]!.GetValue<long>() + recount["removed"]!.GetValue<long>());
        Assert.Equal(stats, (await supervisor.GetJson("/api/stats/completion?groupBy=unit")).ToJsonString());
    }

    private static string SqlitePathOrUnused(string location) =>
        location.Contains("Host=", StringComparison.Ordinal) ? Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "unused.db") : location;

    private static async Task<string> Register(HttpClient intake)
    {
        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Json())["caseNo"]!.GetValue<string>();
    }

    private static async Task<(int Code, string Output)> Run(string script, Dictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(PostgresServer.RepositoryRoot(), "ops", script));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in new[] { "Storage__Profile", "Storage__Sqlite__Path", "ConnectionStrings__Postgres" }) info.Environment.Remove(name);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class BackupRestoreOnSqlite : BackupRestoreTests
{
    protected override string NewLocation() => Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "petitions.db");

    protected override Dictionary<string, string> StoreSettings(string location) => new()
    {
        ["Storage__Profile"] = "Embedded",
        ["Storage__Sqlite__Path"] = location,
    };

    protected override string[] HostArgs(string location) => [];
}

public sealed class BackupRestoreOnPostgres : BackupRestoreTests
{
    protected override string NewLocation() => PostgresServer.CreateDatabase();

    protected override Dictionary<string, string> StoreSettings(string location) => new()
    {
        ["Storage__Profile"] = "Postgres",
        ["ConnectionStrings__Postgres"] = location,
    };

    protected override string[] HostArgs(string location) => ["--Storage:Profile=Postgres", $"--ConnectionStrings:Postgres={location}"];
}
