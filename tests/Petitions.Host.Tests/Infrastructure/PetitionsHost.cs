using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Petitions.Domain.Common;

namespace Petitions.Host.Tests.Infrastructure;

public enum Profile { Sqlite, Postgres }

/// <summary>
/// A real Petitions host (silo, API, database) for tests: a SQLite file in a temp folder, or a fresh database on the
/// test PostgreSQL server; its own silo and gateway ports; demo accounts; a controllable clock.
/// </summary>
public class PetitionsHost : WebApplicationFactory<Program>
{
    public const string DemoPassword = "petitions-demo-test";
    public const string AdminPassword = "admin-password-test";

    private readonly Dictionary<string, string?> settings;

    public PetitionsHost(Profile profile, string? databaseLocation = null, IDictionary<string, string?>? extra = null)
    {
        Profile = profile;
        OwnsDatabase = databaseLocation is null;
        DatabaseLocation = databaseLocation ?? (profile == Profile.Sqlite
            ? Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "petitions.db")
            : PostgresServer.CreateDatabase());
        settings = new()
        {
            ["Storage:Profile"] = profile == Profile.Postgres ? "Postgres" : "Embedded",
            ["Storage:Sqlite:Path"] = profile == Profile.Sqlite ? DatabaseLocation : null,
            ["ConnectionStrings:Postgres"] = profile == Profile.Postgres ? DatabaseLocation : null,
            ["Keys:Directory"] = profile == Profile.Postgres ? PostgresServer.KeyDirectoryFor(DatabaseLocation) : null,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Demo:Enabled"] = "true",
            ["Demo:Password"] = DemoPassword,
            ["Demo:LoadData"] = "false",
            ["Auth:BootstrapAdminPassword"] = AdminPassword,
            // Dozens of hosts share one test process: a full collection when it looks idle would pause all of them.
            ["Operations:IdleTrimSeconds"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
    }

    public Profile Profile { get; }

    /// <summary>The SQLite file path or the PostgreSQL connection string: give it to a second host to share the data.</summary>
    public string DatabaseLocation { get; }

    /// <summary>
    /// The one clock of the test: the application's <see cref="IClock"/> reads it and test data takes its instants from
    /// it. It starts at the real time of the host's creation (so that it agrees with bearer tokens, which live in real
    /// time) and moves only when a test moves it, forward.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Whether disposing the host drops its PostgreSQL database: true for the database it created, false for one it
    /// was given. A test that hands the database on (a restart) passes the ownership with <see cref="HandOverDatabase"/>.
    /// </summary>
    public bool OwnsDatabase { get; set; }

    /// <summary>The database location for a host that follows this one; this host will no longer drop the database.</summary>
    public string HandOverDatabase()
    {
        OwnsDatabase = false;
        return DatabaseLocation;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase && Profile == Profile.Postgres)
        {
            OwnsDatabase = false;
            await PostgresServer.DropDatabaseAsync(DatabaseLocation);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IClock>(new TimeProviderClock(Clock))));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Task<string>> tokens = new();

    /// <summary>
    /// An HTTP client signed in as the given account (demo accounts share <see cref="DemoPassword"/>). Tokens are
    /// reused per account and password within a host: signing in is a deliberately slow hash.
    /// </summary>
    public async Task<HttpClient> ClientFor(string username, string? password = null)
    {
        var client = CreateClient();
        var secret = password ?? (username == "admin" ? AdminPassword : DemoPassword);
        var token = await tokens.GetOrAdd((username, secret), key => TokenFor(CreateClient(), key.Item1, key.Item2));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> TokenFor(HttpClient client, string username, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return body!.AccessToken;
    }

    private sealed record TokenResponse(string AccessToken, int ExpiresIn);
}
