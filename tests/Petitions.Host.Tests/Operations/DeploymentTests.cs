using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// ops/deploy as an operator installs it: two silos started exactly as the systemd unit starts them (its ExecStart,
/// its environment files; only ports, the database and the demo accounts are the test's), on one PostgreSQL database,
/// behind Debian's nginx running ops/deploy/nginx/petitions.conf (ports the test's). The UI, its WebSocket and the API
/// work through nginx; /metrics does not leave the machine through it.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string Deploy = Path.Combine(PostgresServer.RepositoryRoot(), "ops", "deploy");

    [Fact]
    public async Task Two_silos_started_as_their_units_say_serve_the_ui_and_the_api_through_the_nginx_configuration()
    {
        var unit = File.ReadAllLines(Path.Combine(Deploy, "systemd", "petitions@.service"));
        Assert.Equal("/usr/bin/dotnet /opt/petitions/Petitions.Host.dll", Setting(unit, "ExecStart").Single());
        Assert.Equal(["/etc/petitions/petitions.env", "/etc/petitions/silo-%i.env"], Setting(unit, "EnvironmentFile"));
        Assert.Equal("always", Setting(unit, "Restart").Single());

        var database = PostgresServer.CreateDatabase();
        var keys = Path.Combine(Path.GetTempPath(), "petitions-deploy-keys", Guid.NewGuid().ToString("N"));
        var silos = new List<HostProcess>();
        var nginx = default(Process);
        try
        {
            var cluster = $"deploy-{Guid.NewGuid():N}";
            var upstreams = new List<int>();
            foreach (var instance in new[] { 1, 2 })
            {
                var environment = EnvironmentOf("petitions.env").Concat(EnvironmentOf($"silo-{instance}.env")).ToDictionary(e => e.Key, e => e.Value);
                Assert.Equal("Postgres", environment["Storage__Profile"]);
                Assert.StartsWith("http://127.0.0.1:508", environment["ASPNETCORE_URLS"]);
                var port = FreePort.Next();
                upstreams.Add(port);
                // The test's own: where things listen, which database, which cluster, the demo accounts.
                Override(environment, "ASPNETCORE_URLS", $"http://127.0.0.1:{port}");
                Override(environment, "ConnectionStrings__Postgres", database);
                Override(environment, "Orleans__ClusterId", cluster);
                Override(environment, "Orleans__SiloPort", FreePort.Next().ToString());
                Override(environment, "Orleans__GatewayPort", FreePort.Next().ToString());
                Override(environment, "Keys__Directory", keys); // shared by both silos, as the unit file shares it
                environment["Demo__Enabled"] = "true";
                environment["Demo__LoadData"] = "false";
                environment["Demo__Password"] = PetitionsHost.DemoPassword;
                environment["Auth__BootstrapAdminPassword"] = PetitionsHost.AdminPassword;
                environment["Logging__LogLevel__Default"] = "Warning";
                silos.Add(await HostProcess.StartWithEnvironmentAsync(environment, new Uri($"http://127.0.0.1:{port}")));
            }

            var entrance = FreePort.Next();
            nginx = await StartNginx(entrance, upstreams);
            using var web = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{entrance}") };

            Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/health")).StatusCode);
            var signIn = await web.GetAsync("/signin");
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Contains("登录", await signIn.Content.ReadAsStringAsync());

            // The API through nginx: register, and both silos serve the case.
            var intake = await PetitionsHostClient(web.BaseAddress!, "intake");
            var created = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var caseNo = (await created.Json())["caseNo"]!.GetValue<string>();
            foreach (var silo in silos)
            {
                var direct = await silo.ClientFor("supervisor");
                Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"/api/petitions/{caseNo}")).StatusCode);
            }

            // The UI's WebSocket passes through: negotiate, upgrade, and the hub answers the handshake.
            var negotiate = await web.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
            var negotiation = JsonNode.Parse(await negotiate.Content.ReadAsStringAsync())!;
            Assert.Contains("WebSockets", negotiation["availableTransports"]!.AsArray().Select(t => t!["transport"]!.GetValue<string>()));
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{entrance}/_blazor?id={negotiation["connectionToken"]!.GetValue<string>()}"), CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[4096];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var received = await socket.ReceiveAsync(buffer, wait.Token);
            Assert.EndsWith("\u001e", Encoding.UTF8.GetString(buffer, 0, received.Count));

            // Metrics stay on the machine: each silo serves them on its own address, the entrance does not.
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync("/metrics")).StatusCode);
            using var local = new HttpClient { BaseAddress = silos[0].Address };
            Assert.Equal(HttpStatusCode.OK, (await local.GetAsync("/metrics")).StatusCode);
        }
        finally
        {
            if (nginx is { HasExited: false })
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }

            foreach (var silo in silos) await silo.DisposeAsync();
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    private static async Task<HttpClient> PetitionsHostClient(Uri address, string username)
    {
        var client = new HttpClient { BaseAddress = address };
        var token = await PetitionsHost.TokenFor(client, username, PetitionsHost.DemoPassword);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The shipped site file with the test's ports; nginx checks it (-t) and runs it in the foreground.</summary>
    private static async Task<Process> StartNginx(int entrance, IReadOnlyList<int> upstreams)
    {
        var binary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("nginx is not installed (ops/test.sh installs Debian's nginx-light).");
        var folder = Path.Combine(Path.GetTempPath(), "petitions-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var site = File.ReadAllText(Path.Combine(Deploy, "nginx", "petitions.conf"));
        site = Replace(site, "listen 80;", $"listen 127.0.0.1:{entrance};");
        site = Replace(site, "server 127.0.0.1:5080 ", $"server 127.0.0.1:{upstreams[0]} ");
        site = Replace(site, "server 127.0.0.1:5081 ", $"server 127.0.0.1:{upstreams[1]} ");
        File.WriteAllText(Path.Combine(folder, "petitions.conf"), site);
        var root = Environment.UserName == "root" ? "user root;\n" : "";
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            {{root}}worker_processes 1;
            daemon off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/petitions.conf;
            }
            """);

        var check = Process.Start(new ProcessStartInfo(binary, ["-t", "-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { RedirectStandardError = true })!;
        var checkOutput = await check.StandardError.ReadToEndAsync();
        await check.WaitForExitAsync();
        Assert.True(check.ExitCode == 0, checkOutput);

        var process = Process.Start(new ProcessStartInfo(binary, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf")]) { RedirectStandardError = true })!;
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{entrance}") };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited) throw new InvalidOperationException("nginx exited: " + await process.StandardError.ReadToEndAsync());
            try
            {
                await probe.GetAsync("/health");
                return process;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("nginx did not listen within 10 s.");
    }

    private static string Replace(string text, string shipped, string test)
    {
        Assert.Contains(shipped, text);
        return text.Replace(shipped, test);
    }

    private static IEnumerable<string> Setting(IEnumerable<string> unit, string key) =>
        unit.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]);

    private static Dictionary<string, string> EnvironmentOf(string file) =>
        File.ReadAllLines(Path.Combine(Deploy, "systemd", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    private static void Override(Dictionary<string, string> environment, string key, string value)
    {
        Assert.True(environment.ContainsKey(key), $"the shipped environment files set {key}");
        environment[key] = value;
    }
}
