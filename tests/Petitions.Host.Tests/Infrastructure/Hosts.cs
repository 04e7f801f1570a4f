using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;

namespace Petitions.Host.Tests.Infrastructure;

/// <summary>One host per test class and profile (xunit class fixtures need parameterless types).</summary>
public sealed class SqliteHost() : PetitionsHost(Profile.Sqlite);

public sealed class PostgresHost() : PetitionsHost(Profile.Postgres);

public static class HostExtensions
{
    public static async Task<T> Scalar<T>(this PetitionsHost host, string sql, object? args = null)
    {
        var database = host.Services.GetRequiredService<IDatabase>();
        await using var connection = await database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public static async Task Execute(this PetitionsHost host, string sql, object? args = null)
    {
        var database = host.Services.GetRequiredService<IDatabase>();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    /// <summary>Case grain states in storage: what "nothing was created" means.</summary>
    public static Task<long> StoredCases(this PetitionsHost host) =>
        host.Scalar<long>("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = 'case'");

    public static async Task<JsonNode> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    public static async Task<JsonNode> PostJson(this HttpClient client, string url, object body, int expectedStatus = 200)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"POST {url}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJson(this HttpClient client, string url, int expectedStatus = 200)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {url}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }
}

/// <summary>Well-formed complaints for tests.</summary>
public static class Complaints
{
    /// <summary>
    /// A valid complaint received a day before <paramref name="now"/> (the test's clock) unless given; without a
    /// target, a company nobody else complains about (so it is not a repeat).
    /// </summary>
    public static Dictionary<string, object?> Valid(DateTimeOffset now, string region = "654000", string? target = null, DateTimeOffset? receivedAt = null) => new()
    {
        ["channel"] = "Hotline",
        ["receivedAt"] = (receivedAt ?? now.AddDays(-1)).ToString("O"),
        ["complainant"] = new Dictionary<string, object?> { ["name"] = "张三丰", ["phone"] = "13812345678", ["anonymous"] = false },
        ["regionCode"] = region,
        ["address"] = "伊宁市工业园区某路1号",
        ["target"] = target ?? $"伊犁某某化工{Guid.NewGuid().ToString("N")[..8]}有限公司",
        ["categories"] = new[] { "Air", "Noise" },
        ["description"] = "夜间排放刺鼻气味，噪声扰民。",
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string key, object? value)
    {
        var copy = new Dictionary<string, object?>(body) { [key] = value };
        return copy;
    }
}
