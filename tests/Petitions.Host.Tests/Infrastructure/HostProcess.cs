using System.Diagnostics;
using System.Net.Http.Headers;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>
/// The built host as a real operating-system process, so that a test can kill it (SIGKILL, no shutdown) and start
/// it again on the same database.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <param name="extraArgs">More settings ("--Key=value"); they win over the defaults above them.</param>
    public static async Task<HostProcess> StartAsync(string sqlitePath, params string[] extraArgs)
    {
        var dll = HostDll();
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "--urls", $"http://127.0.0.1:{port}", $"--Storage:Sqlite:Path={sqlitePath}",
                     $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
                     "--Demo:Enabled=true", "--Demo:LoadData=false", $"--Demo:Password={PetitionsHost.DemoPassword}",
                     $"--Auth:BootstrapAdminPassword={PetitionsHost.AdminPassword}", "--Logging:LogLevel:Default=Warning",
                 }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await host.WaitHealthyAsync();
        }
        catch
        {
            // A host that never became healthy must not outlive the test that started it.
            host.Kill();
            throw;
        }

        return host;
    }

    /// <summary>
    /// A host configured only by environment variables (as a service manager starts it: no command-line settings),
    /// listening on <paramref name="address"/>, which the environment must name.
    /// </summary>
    public static async Task<HostProcess> StartWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, Uri address)
    {
        var dll = HostDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, address);
        try
        {
            await host.WaitHealthyAsync();
        }
        catch
        {
            // A host that never became healthy must not outlive the test that started it.
            host.Kill();
            throw;
        }

        return host;
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address };
        // A loaded 2-core machine running the whole suite may take a while to start a silo.
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode}.");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The host did not become healthy within 120 s.");
    }

    public async Task<HttpClient> ClientFor(string username, string? password = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        var token = await PetitionsHost.TokenFor(client, username, password ?? (username == "admin" ? PetitionsHost.AdminPassword : PetitionsHost.DemoPassword));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a power cut of the process.</summary>
    public void Kill()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string HostDll()
    {
        var bin = Path.Combine(PostgresServer.RepositoryRoot(), "src", "Petitions.Host", "bin");
        return Directory.GetFiles(bin, "Petitions.Host.dll", SearchOption.AllDirectories)
                   .Where(f => f.Contains($"{Path.DirectorySeparatorChar}net10.0{Path.DirectorySeparatorChar}") && !f.Contains("publish"))
                   .OrderByDescending(File.GetLastWriteTimeUtc)
                   .FirstOrDefault()
               ?? throw new InvalidOperationException("Build the solution first: src/Petitions.Host/bin/*/net10.0/Petitions.Host.dll is missing.");
    }
}
