using Npgsql;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run: PETITIONS_TEST_PG (set by ops/test.sh, which starts and stops it), or the
/// server "ops/pg.sh start" left running for a developer. Never skipped: without a server the tests fail and say why.
/// </summary>
public static class PostgresServer
{
    public static string AdminConnectionString { get; } = Find();

    private const string TestDatabasePrefix = "petitions_t_";

    /// <summary>Creates a fresh database for one test host and returns its connection string (drop it with <see cref="DropDatabaseAsync"/>).</summary>
    public static string CreateDatabase()
    {
        var name = $"{TestDatabasePrefix}{Guid.NewGuid():N}"[..30];
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 30 }.ToString();
    }

    /// <summary>
    /// The key directory of a test database (hosts that share the database share it, as silos do): SQLite hosts keep
    /// theirs beside the database file by default; a PostgreSQL database has no folder, so it gets one by its name.
    /// </summary>
    public static string KeyDirectoryFor(string connectionString) =>
        Path.Combine(Path.GetTempPath(), "petitions-tests", "keys-" + new NpgsqlConnectionStringBuilder(connectionString).Database);

    /// <summary>
    /// The database as pg_dump writes it in plain format (uncompressed SQL text, bytea as hexadecimal), with the newest
    /// client tools installed: what the at-rest tests search for identities and file bytes.
    /// </summary>
    public static async Task<byte[]> PlainDumpAsync(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists).Order().LastOrDefault() ?? "pg_dump";
        var info = new System.Diagnostics.ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--format=plain", "--no-owner" }) info.ArgumentList.Add(arg);
        info.Environment["PGHOST"] = connection.Host;
        info.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username;
        info.Environment["PGPASSWORD"] = connection.Password;
        info.Environment["PGDATABASE"] = connection.Database;
        using var process = System.Diagnostics.Process.Start(info)!;
        using var dump = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(dump);
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return dump.ToArray();
    }

    /// <summary>
    /// Drops a database made by <see cref="CreateDatabase"/> (never any other): this process's idle pooled connections
    /// to it are closed first, and sessions still open (e.g. a silo's last membership update) are ended by FORCE.
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database ?? "";
        if (!name.StartsWith(TestDatabasePrefix, StringComparison.Ordinal) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_'))
            throw new ArgumentException($"Not a test database: {name}", nameof(connectionString));

        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<bool> DatabaseExistsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", new NpgsqlConnectionStringBuilder(connectionString).Database ?? "");
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("PETITIONS_TEST_PG");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var file = Path.Combine(RepositoryRoot(), ".pg", "connection-string");
        if (File.Exists(file))
        {
            var candidate = File.ReadAllText(file).Trim();
            try
            {
                using var connection = new NpgsqlConnection(candidate);
                connection.Open();
                return candidate;
            }
            catch (NpgsqlException)
            {
                // Left over from a stopped server: fall through to the explanation.
            }
        }

        throw new InvalidOperationException(
            "No PostgreSQL server for the tests: run ops/test.sh (it starts one), or `ops/pg.sh start` before `dotnet test`, or set PETITIONS_TEST_PG.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Petitions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Petitions.sln not found above the test binaries.");
    }
}
