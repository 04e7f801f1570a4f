using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Petitions.Bench;

/// <summary>
/// Petitions.Host as an operator runs it: its own process (the release build that run.sh builds beside the bench,
/// src/Petitions.Host/bin/Release/net10.0), on a given SQLite file or PostgreSQL database, listening on free loopback
/// ports. It can be killed with SIGKILL (recovery) and its resident set read from /proc (memory).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stopwatch sinceStart = new();
    private readonly List<string> output = [];

    /// <param name="extra">More settings on the command line (e.g. <c>--Orleans:CollectionAgeMinutes=1</c>).</param>
    public HostProcess(BenchProfile profile, string location, string keyDirectory, IEnumerable<string>? extra = null)
    {
        var dll = Path.Combine(BenchProgram.RepositoryRoot(), "src", "Petitions.Host", "bin", "Release", "net10.0", "Petitions.Host.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"The host's release build is missing (ops/bench/run.sh builds it): {dll}");
        var port = BenchHost.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        List<string> arguments =
        [
            dll,
            $"--urls={BaseAddress}", $"--Orleans:SiloPort={BenchHost.FreePort()}", $"--Orleans:GatewayPort={BenchHost.FreePort()}",
            "--Demo:Enabled=true", "--Demo:LoadData=false", $"--Demo:Password={BenchHost.Password}", $"--Auth:BootstrapAdminPassword={BenchHost.Password}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Petitions.Host.Operations=Information", $"--Keys:Directory={keyDirectory}",
        ];
        arguments.AddRange(profile == BenchProfile.Sqlite
            ? ["--Storage:Profile=Embedded", $"--Storage:Sqlite:Path={location}"]
            : ["--Storage:Profile=Postgres", $"--ConnectionStrings:Postgres={location}"]);
        arguments.AddRange(extra ?? []);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        sinceStart.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int Id => process.Id;

    /// <summary>The host's log lines so far (warnings and the start-up catch-up).</summary>
    public IReadOnlyList<string> Output { get { lock (output) return output.ToList(); } }

    /// <summary>Polls GET /health until the host answers at all (any status): the time since the process started.</summary>
    public async Task<TimeSpan> WaitForHttpAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (sinceStart.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode}:\n{string.Join('\n', Output.TakeLast(30))}");
            try
            {
                await client.GetAsync("/health");
                return sinceStart.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(25);
            }
        }

        throw new TimeoutException($"The host did not answer HTTP within {timeout.TotalSeconds:F0} s.");
    }

    /// <summary>Polls GET /health until it reports the read model current (Healthy): the time since the process started.</summary>
    public async Task<TimeSpan> WaitForCurrentAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (sinceStart.Elapsed < timeout)
        {
            try
            {
                var health = JsonNode.Parse(await client.GetStringAsync("/health"));
                if (health?["readModel"]?.GetValue<string>() == "current") return sinceStart.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The read model was not current within {timeout.TotalSeconds:F0} s.");
    }

    public async Task<HttpClient> ClientForAsync(string username)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password = BenchHost.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The resident set now (VmRSS) and its peak since start (VmHWM), in bytes, from /proc.</summary>
    public (long Now, long Peak) Resident()
    {
        long Field(string[] lines, string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024 : 0;
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        return (Field(status, "VmRSS"), Field(status, "VmHWM"));
    }

    /// <summary>
    /// The sum of one metric's series at /metrics (Prometheus text; loopback may read it), e.g.
    /// <c>orleans_catalog_activation_working_set</c> over every grain type.
    /// </summary>
    public async Task<double> MetricAsync(string name, Func<string, bool>? labels = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var text = await client.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels?.Invoke(l) ?? true)
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>SIGKILL: no shutdown, no flush, whatever was in flight is lost unless it was acknowledged.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops the service: the host shuts down in order.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
