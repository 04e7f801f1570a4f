using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Petitions.Host.Operations;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// The host listens where the standard ASP.NET Core settings say (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS), with the
/// README's http://localhost:5080 only when none is set; pages carry Chinese as UTF-8 text.
/// </summary>
public sealed class HostingTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Theory]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:{0}")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    public async Task The_standard_address_variable_decides_where_the_host_listens(string variable, string format)
    {
        var port = FreePort.Next();
        var folder = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"));
        using var process = Start(new Dictionary<string, string> { [variable] = string.Format(format, port) },
            $"--Storage:Sqlite:Path={Path.Combine(folder, "petitions.db")}", $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning");
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpStatusCode? status = null;
            for (var attempt = 0; attempt < 600 && status is null; attempt++)
            {
                Assert.False(process.HasExited, $"The host exited with {(process.HasExited ? process.ExitCode : 0)}.");
                try
                {
                    status = (await client.GetAsync("/health")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void The_readme_default_applies_only_when_no_address_is_configured()
    {
        static IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        Assert.Equal("http://localhost:5080", HostingDefaults.DefaultUrlFor(Config()));
        Assert.Null(HostingDefaults.DefaultUrlFor(Config(("urls", "http://0.0.0.0:8080"))));
        Assert.Null(HostingDefaults.DefaultUrlFor(Config(("http_ports", "8080"))));
        Assert.Null(HostingDefaults.DefaultUrlFor(Config(("https_ports", "8443"))));
        Assert.Null(HostingDefaults.DefaultUrlFor(Config(("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:8080"))));
        // The shipped appsettings.json names no address of its own (it would outrank the environment).
        var shipped = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false).Build();
        Assert.Equal("http://localhost:5080", HostingDefaults.DefaultUrlFor(shipped));
    }

    [Fact]
    public async Task Pages_carry_chinese_as_utf8_text_not_character_references()
    {
        var response = await host.CreateClient().GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("登录", html);
        Assert.DoesNotContain("&#x767B;", html);
        Assert.DoesNotMatch(@"&#x[4-9A-F][0-9A-F]{3};", html);
    }

    private static Process Start(IDictionary<string, string> environment, params string[] args)
    {
        var dll = Directory.GetFiles(Path.Combine(PostgresServer.RepositoryRoot(), "src", "Petitions.Host", "bin"), "Petitions.Host.dll", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}net10.0{Path.DirectorySeparatorChar}") && !f.Contains("publish"))
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // Only the variable under test names an address.
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" }) info.Environment.Remove(name);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
