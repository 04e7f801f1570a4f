using Dapper;
using Microsoft.Data.Sqlite;
using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// The SQLite connection the system opens names Dapper's parameters as the SQL does before a command runs, binds the
/// same values as a plain connection, and leaves names that already carry a prefix alone.
/// </summary>
public sealed class PrefixedSqliteConnectionTests
{
    [Fact]
    public async Task Parameters_named_without_a_prefix_are_named_as_in_the_SQL_and_bind_their_values()
    {
        await using var connection = new PrefixedSqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @a || :b || $c";
        command.Parameters.AddWithValue("a", "x");
        command.Parameters.AddWithValue(":b", "y");
        command.Parameters.AddWithValue("$c", "z");

        Assert.Equal("xyz", await command.ExecuteScalarAsync());
        Assert.Equal(["@a", ":b", "$c"], command.Parameters.Cast<SqliteParameter>().Select(p => p.ParameterName));
    }

    [Fact]
    public async Task Dapper_statements_with_many_parameters_and_list_expansion_read_and_write_as_on_a_plain_connection()
    {
        await using var connection = new PrefixedSqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        var parameters = new DynamicParameters();
        var values = string.Join(", ", Enumerable.Range(0, 120).Select(i => $"(@k{i}, @v{i})"));
        for (var i = 0; i < 120; i++)
        {
            parameters.Add($"k{i}", i);
            parameters.Add($"v{i}", $"value {i}");
        }

        Assert.Equal(120, await connection.ExecuteAsync($"INSERT INTO t (k, v) VALUES {values}", parameters));
        Assert.Equal(["value 7", "value 119"], await connection.QueryAsync<string>("SELECT v FROM t WHERE k IN @keys ORDER BY k", new { keys = new[] { 7, 119 } }));
        // A repeated command (Dapper runs one per item of a list) binds each item's values.
        await connection.ExecuteAsync("UPDATE t SET v = @V WHERE k = @K", new[] { new { K = 1, V = "one" }, new { K = 2, V = "two" } });
        Assert.Equal(["one", "two"], await connection.QueryAsync<string>("SELECT v FROM t WHERE k IN (1, 2) ORDER BY k"));
    }
}
