using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// The embedded default on a disk that fills up (a small tmpfs of its own, mounted by the test): writes answer a clear 503 with Retry-After — never a 500 — nothing is half-written (a recount
/// finds nothing to correct), and once space is back the same request with the same Idempotency-Key registers the case
/// once, without a restart. And on a file system that turns read-only under the running host (ext4 remounting itself
/// read-only after an error, as it does on a failing disk): 503s, reads still served, and after the operator's repair
/// a new host on the same file has every acknowledged case and nothing half-written.
/// </summary>
public sealed class StorageFaultTests
{
    [Fact]
    public async Task A_full_disk_answers_503_and_the_host_recovers_without_loss_or_restart()
    {
        var mount = Path.Combine(Path.GetTempPath(), "petitions-faults", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        await Run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount);
        try
        {
            await using var host = await HostProcess.StartAsync(Path.Combine(mount, "p.db"));
            var intake = await host.ClientFor("intake");
            var admin = await host.ClientFor("admin");
            var before = new List<string>();
            for (var i = 0; i < 3; i++) before.Add(await Register(intake, $"before-{i}", HttpStatusCode.Created));

            // Fill the disk to the last byte.
            var filler = Path.Combine(mount, "filler");
            await using (var stream = File.Create(filler))
            {
                var block = new byte[64 * 1024];
                try
                {
                    while (true) stream.Write(block);
                }
                catch (IOException)
                {
                    // ENOSPC: full.
                }
            }

            var statuses = new List<HttpStatusCode>();
            HttpResponseMessage? unavailable = null;
            for (var i = 0; i < 20 && unavailable is null; i++)
            {
                var response = await Post(intake, "full-disk", new string('填', 2000));
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) unavailable = response;
            }

            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
            Assert.NotNull(unavailable);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
            Assert.True(unavailable.Headers.RetryAfter is not null);
            Assert.Contains("disk", (await unavailable.Json())["detail"]!.GetValue<string>());

            // Space is back: the same request, same key, registers once; no restart needed.
            File.Delete(filler);
            var retried = await RetryUntilStored(intake, "full-disk", new string('填', 2000));
            var again = await Post(intake, "full-disk", new string('填', 2000));
            Assert.Equal(retried, (await again.Json())["caseNo"]!.GetValue<string>());

            // Nothing half-written: every case before is served, and the read model equals a recount of the states.
            foreach (var caseNo in before) Assert.Equal(HttpStatusCode.OK, (await intake.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
            var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
            Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());
        }
        finally
        {
            await Run("umount", "-l", mount);
        }
    }

    [Fact]
    public async Task A_file_system_turned_read_only_answers_503_and_a_host_on_the_repaired_file_has_every_acknowledged_case()
    {
        var root = Path.Combine(Path.GetTempPath(), "petitions-faults", Guid.NewGuid().ToString("N"));
        var image = root + ".img";
        var mount = Path.Combine(root, "data");
        Directory.CreateDirectory(mount);
        await Run("truncate", "-s", "64M", image);
        await Run("mkfs.ext4", "-q", "-F", image);
        await Run("mount", "-o", "loop,errors=remount-ro", image, mount);
        var mounted = true;
        try
        {
            var database = Path.Combine(mount, "p.db");
            var acknowledged = new List<string>();
            await using (var host = await HostProcess.StartAsync(database))
            {
                var intake = await host.ClientFor("intake");
                for (var i = 0; i < 3; i++) acknowledged.Add(await Register(intake, $"before-{i}", HttpStatusCode.Created));

                // The kernel finds an error and remounts the file system read-only under the open files.
                var device = (await Output("findmnt", "-n", "-o", "SOURCE", mount)).Trim();
                await File.WriteAllTextAsync($"/sys/fs/ext4/{Path.GetFileName(device)}/trigger_fs_error", "petitions test");
                var options = (await Output("findmnt", "-n", "-o", "OPTIONS", mount)).Trim().Split(',');
                Assert.True(options.Contains("ro") || options.Contains("emergency_ro"), string.Join(',', options)); // older kernels say ro

                var statuses = new List<HttpStatusCode>();
                HttpResponseMessage? unavailable = null;
                for (var i = 0; i < 10 && unavailable is null; i++)
                {
                    var response = await Post(intake, $"read-only-{i}", "只读文件系统");
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) acknowledged.Add((await response.Json())["caseNo"]!.GetValue<string>());
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable) unavailable = response;
                }

                Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {s}"));
                Assert.NotNull(unavailable);
                Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
                Assert.True(unavailable.Headers.RetryAfter is not null);
                // Reading what was stored still works.
                Assert.Equal(HttpStatusCode.OK, (await intake.GetAsync($"/api/petitions/{acknowledged[0]}")).StatusCode);
                host.Kill();
            }

            // The operator's repair: unmount, check the file system, mount it again, start the host.
            await Run("umount", mount);
            mounted = false;
            await Run("e2fsck", ["-f", "-y", image], [0, 1]);
            await Run("mount", "-o", "loop,errors=remount-ro", image, mount);
            mounted = true;
            await using (var host = await HostProcess.StartAsync(database))
            {
                var intake = await host.ClientFor("intake");
                var admin = await host.ClientFor("admin");
                foreach (var caseNo in acknowledged) Assert.Equal(HttpStatusCode.OK, (await intake.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
                var report = await admin.PostJson("/api/admin/stats/rebuild", new { });
                Assert.False(report["corrected"]!.GetValue<bool>(), report.ToJsonString());
                // Writable again: a new registration is stored.
                await Register(intake, "after-repair", HttpStatusCode.Created);
            }
        }
        finally
        {
            if (mounted) await Run("umount", "-l", mount);
            File.Delete(image);
        }
    }

    private static async Task<string> Output(string file, params string[] args)
    {
        var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
        return output;
    }

    private static async Task<HttpResponseMessage> Post(HttpClient intake, string key, string description)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/petitions")
        {
            Content = JsonContent.Create(Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100").With("description", description)),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await intake.SendAsync(request);
    }

    /// <summary>The same request until it is stored (a write that failed may leave the grain to reload first).</summary>
    private static async Task<string> RetryUntilStored(HttpClient intake, string key, string description)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var response = await Post(intake, key, description);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) return (await response.Json())["caseNo"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), "the host did not recover within a minute");
            await Task.Delay(500);
        }
    }

    private static async Task<string> Register(HttpClient intake, string key, HttpStatusCode expected)
    {
        var response = await Post(intake, key, "正常登记");
        Assert.Equal(expected, response.StatusCode);
        return (await response.Json())["caseNo"]!.GetValue<string>();
    }

    private static Task Run(string file, params string[] args) => Run(file, args, [0]);

    private static async Task Run(string file, string[] args, int[] acceptExitCodes)
    {
        var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(acceptExitCodes.Contains(process.ExitCode), $"{file} {string.Join(' ', args)}: exit {process.ExitCode}: {error} (the test command runs as root)");
    }
}
