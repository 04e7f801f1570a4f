using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Petitions.Bench;

public enum BenchProfile { Sqlite, Postgres }

/// <summary>
/// The real host (silo, storage, pipeline, endpoints) in this process, on a fresh database: a SQLite file in a temp
/// folder, or a new database on the given PostgreSQL server. Demo accounts, no demo data, warnings-only logging (the
/// per-command information log would measure the console).
/// </summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    /// <summary>The password of the demo accounts and of admin, as the README gives it (a kept database is signed in to with it).</summary>
    public const string Password = "petitions-demo";
    private readonly Dictionary<string, string?> settings;

    /// <param name="existing">A kept database to serve instead of a fresh one (<c>--database</c>): the SQLite file, or the
    /// PostgreSQL database's name on the server of <paramref name="postgresAdmin"/>; it is never removed.</param>
    public BenchHost(BenchProfile profile, string? postgresAdmin, int parallelism, string? existing = null)
    {
        Profile = profile;
        Existing = existing is not null;
        var ports = Enumerable.Range(0, 2).Select(_ => FreePort()).ToArray();
        settings = new()
        {
            ["Orleans:SiloPort"] = ports[0].ToString(),
            ["Orleans:GatewayPort"] = ports[1].ToString(),
            ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Demo:Enabled"] = "true",
            ["Demo:LoadData"] = "false",
            ["Demo:Password"] = Password,
            ["Auth:BootstrapAdminPassword"] = Password,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Petitions.Application.Common.Behaviors"] = "Warning",
        };
        if (profile == BenchProfile.Sqlite)
        {
            Location = existing is not null ? Path.GetFullPath(existing)
                : Path.Combine(Path.GetTempPath(), "petitions-bench", Guid.NewGuid().ToString("N"), "petitions.db");
            if (existing is not null && !File.Exists(Location)) throw new FileNotFoundException($"--database: no SQLite file at {Location}");
            KeyDirectory = Path.Combine(Path.GetDirectoryName(Location)!, "keys");
            settings["Storage:Profile"] = "Embedded";
            settings["Storage:Sqlite:Path"] = Location;
        }
        else
        {
            var admin = postgresAdmin ?? throw new InvalidOperationException("PostgreSQL needs --pg <connection string> (or PETITIONS_BENCH_PG / PETITIONS_TEST_PG).");
            var name = existing ?? $"petitions_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
            if (existing is null)
            {
                using var connection = new NpgsqlConnection(admin);
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                command.ExecuteNonQuery();
            }

            Location = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = Math.Max(40, parallelism * 2) }.ToString();
            // The database's own key directory (the identity key ring, token and hash keys): a host on a kept database needs it.
            KeyDirectory = Path.Combine(Path.GetTempPath(), "petitions-bench", name, "keys");
            settings["Keys:Directory"] = KeyDirectory;
            settings["Storage:Profile"] = "Postgres";
            settings["ConnectionStrings:Postgres"] = Location;
        }
    }

    public BenchProfile Profile { get; }

    /// <summary>Serving a kept database given with <c>--database</c> (kept whatever the run asks).</summary>
    public bool Existing { get; }

    /// <summary>The SQLite file or the PostgreSQL connection string.</summary>
    public string Location { get; }

    /// <summary>The key directory (beside the SQLite file, where a host on it finds it by default).</summary>
    public string KeyDirectory { get; }

    /// <summary>Grain turns over 100 ms and stall warnings in the host's log (goal 4).</summary>
    public StallCounter Stalls { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.UseSetting("Orleans:TurnWarningMilliseconds", "100");
        builder.ConfigureLogging(logging => logging.AddProvider(Stalls));
    }

    /// <summary>Stops the host, then drops its database (PostgreSQL) or deletes its folder (SQLite), unless asked to keep it.</summary>
    public async Task RemoveAsync(string? postgresAdmin)
    {
        await DisposeAsync();
        if (Profile == BenchProfile.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(Location)!, recursive: true);
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(Path.GetDirectoryName(KeyDirectory))) Directory.Delete(Path.GetDirectoryName(KeyDirectory)!, recursive: true);
        await using var connection = new NpgsqlConnection(postgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE {new NpgsqlConnectionStringBuilder(Location).Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<HttpClient> ClientFor(string username)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<Token>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed record Token(string AccessToken);

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
