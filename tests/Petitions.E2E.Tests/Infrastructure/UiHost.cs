using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Petitions.E2E.Tests.Infrastructure;

/// <summary>
/// The real Petitions host on a free loopback port (Kestrel, not the test server), on its own SQLite file and Orleans
/// ports, with the demo accounts: what a browser talks to.
/// </summary>
public sealed class UiHost : WebApplicationFactory<Program>
{
    public const string DemoPassword = "petitions-demo-e2e";
    public const string AdminPassword = "admin-password-e2e";

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), "petitions-e2e", Guid.NewGuid().ToString("N"), "petitions.db");

    public UiHost()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Profile", "Embedded");
        builder.UseSetting("Storage:Sqlite:Path", databasePath);
        builder.UseSetting("Orleans:SiloPort", FreePort().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort().ToString());
        builder.UseSetting("Orleans:ClusterId", $"e2e-{Guid.NewGuid():N}");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("Demo:LoadData", "false");
        builder.UseSetting("Auth:BootstrapAdminPassword", AdminPassword);
        // One browser signs in as every role, many times a minute, from one address: no sign-in throttle here.
        builder.UseSetting("Security:SignInThrottle:PermitLimit", "100000");
    }

    /// <summary>An API client with a bearer token: for setting up data through the application, as any client would.</summary>
    public async Task<HttpClient> ApiAs(string username)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password = username == "admin" ? AdminPassword : DemoPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers a complaint through the API and returns its case number.</summary>
    public async Task<string> RegisterAsync(HttpClient intake, string region, string target, string? leadUnit = null, DateTimeOffset? receivedAt = null)
    {
        var response = await intake.PostAsJsonAsync("/api/petitions", new
        {
            channel = "Hotline",
            receivedAt = (receivedAt ?? DateTimeOffset.UtcNow.AddHours(-2)).ToString("O"),
            complainant = new { name = "李四", phone = "13912345678", anonymous = false },
            regionCode = region,
            address = "测试地址1号",
            target,
            categories = new[] { "Air" },
            description = "夜间排放异味。",
            leadUnit,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["caseNo"]!.GetValue<string>();
    }

    /// <summary>Takes an assigned case to Closed through the API, as its unit's handler and a supervisor would.</summary>
    public async Task CloseAsync(string caseNo, string leadUnit)
    {
        var handler = await ApiAs($"handler.{leadUnit}");
        var supervisor = await ApiAs("supervisor");
        var now = DateTimeOffset.UtcNow;
        await Post(handler, $"/api/petitions/{caseNo}/accept", new { });
        await Post(handler, $"/api/petitions/{caseNo}/site-visits", new { visitedAt = now.AddMinutes(-30).ToString("O"), inspectors = new[] { "赵六" }, findings = "现场核查属实。" });
        await Post(handler, $"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实。", measures = "已整改。", publicSummary = "已整改到位。" });
        await Post(supervisor, $"/api/petitions/{caseNo}/callbacks", new { calledAt = now.AddMinutes(1).ToString("O"), method = "Phone", contact = "Complainant", satisfaction = "Satisfied" });
        await Post(supervisor, $"/api/petitions/{caseNo}/close", new { kind = "Final" });
    }

    private static async Task Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(Path.GetDirectoryName(databasePath)!, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp folder is cleaned eventually; a locked file must not fail the run.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
