using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Api;

/// <summary>
/// The served /openapi/v1.json against the rules a generated client relies on: every /api endpoint described, each
/// with an operationId, a tag, a summary and its 4xx answers as problem details; meaningful, unique schema names;
/// the bearer scheme declared and required exactly where the endpoint requires a token. The document is written to
/// test-output/openapi.json, where ops/test.sh lints it with Redocly.
/// </summary>
public sealed partial class OpenApiDocumentTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly string[] ForbiddenSchemaNames = ["Command", "Query", "Result", "Item", "Entry"];

    private async Task<JsonObject> Document()
    {
        var response = await host.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var output = Path.Combine(RepositoryRoot(), "test-output");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "openapi.json"), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(item => Methods.Contains(item.Key))
                .Select(item => (path.Key, item.Key.ToUpperInvariant(), item.Value!.AsObject())));

    [Fact]
    public async Task Every_api_operation_has_an_id_a_tag_a_summary_and_its_problems()
    {
        var document = await Document();
        var failures = new List<string>();
        var api = Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);

        foreach (var (path, method, operation) in api)
        {
            var name = $"{method} {path}";
            if (operation["operationId"]?.GetValue<string>() is not { Length: > 0 }) failures.Add($"{name}: no operationId");
            if (operation["tags"] is not JsonArray { Count: > 0 }) failures.Add($"{name}: no tag");
            if (operation["summary"]?.GetValue<string>() is not { Length: > 0 }) failures.Add($"{name}: no summary");

            var responses = operation["responses"]!.AsObject();
            if (!responses.Any(r => r.Key.StartsWith('4'))) failures.Add($"{name}: no 4xx response");
            if (!responses.Any(r => r.Key.StartsWith('2'))) failures.Add($"{name}: no 2xx response");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                if (schema is not ("#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails"))
                    failures.Add($"{name}: {status} is not described as problem details");
            }
        }

        var ids = Operations(document).Select(o => o.Operation["operationId"]?.GetValue<string>()).ToList();
        failures.AddRange(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"operationId {g.Key} is used {g.Count()} times"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_api_endpoint_of_the_host_is_described()
    {
        var document = await Document();
        var described = Operations(document).Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var endpoints = ApiEndpoints().Select(e => $"{e.Method} {e.Pattern}").ToHashSet();
        Assert.Empty(endpoints.Except(described));
        Assert.Empty(described.Where(d => d.Contains(" /api/", StringComparison.Ordinal)).Except(endpoints));
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_required_exactly_where_a_token_is()
    {
        var document = await Document();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        var bearer = schemes.Where(s => s.Value!["type"]?.GetValue<string>() == "http" && s.Value["scheme"]?.GetValue<string>() == "bearer").Select(s => s.Key).ToList();
        Assert.Single(bearer);

        var failures = new List<string>();
        var operations = Operations(document).ToDictionary(o => $"{o.Method} {o.Path}", o => o.Operation);
        foreach (var endpoint in ApiEndpoints())
        {
            var name = $"{endpoint.Method} {endpoint.Pattern}";
            var security = operations[name]["security"] as JsonArray;
            var requiresBearer = security is { Count: > 0 } && security.All(r => r!.AsObject().ContainsKey(bearer[0]));
            if (endpoint.Anonymous && security is not { Count: 0 }) failures.Add($"{name} is anonymous but its security is {security?.ToJsonString() ?? "missing"}");
            if (!endpoint.Anonymous && !requiresBearer) failures.Add($"{name} needs a token but its security is {security?.ToJsonString() ?? "missing"}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Schema_names_are_meaningful_and_every_reference_resolves()
    {
        var document = await Document();
        var schemas = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToHashSet();
        Assert.Empty(schemas.Intersect(ForbiddenSchemaNames));
        // A numbered name (Command2) is how a generator hides two types behind one name.
        Assert.DoesNotContain(schemas, s => TrailingNumber().IsMatch(s));
        Assert.Contains("RegisterPetitionRequest", schemas);
        Assert.Contains("PetitionView", schemas);

        var references = References(document).Where(r => r.StartsWith("#/components/schemas/", StringComparison.Ordinal))
            .Select(r => r["#/components/schemas/".Length..]).ToHashSet();
        Assert.Empty(references.Except(schemas));
    }

    [Fact]
    public async Task Every_change_to_a_case_documents_its_guards_and_answers_the_version()
    {
        var document = await Document();
        var changes = Operations(document)
            .Where(o => o.Method != "GET" && CaseChange().IsMatch(o.Path))
            .ToList();
        Assert.True(changes.Count >= 15, $"only {changes.Count} case changes found");

        var failures = new List<string>();
        foreach (var (path, method, operation) in changes)
        {
            var headers = (operation["parameters"] as JsonArray ?? []).Where(p => p!["in"]?.GetValue<string>() == "header").Select(p => p!["name"]!.GetValue<string>()).ToList();
            foreach (var header in new[] { "Idempotency-Key", "If-Match" }.Except(headers)) failures.Add($"{method} {path}: no {header} header");
            if (operation["responses"]?["412"] is null) failures.Add($"{method} {path}: no 412");
            if (operation["responses"]?["200"]?["headers"]?["ETag"] is null) failures.Add($"{method} {path}: its 200 has no ETag");
        }

        foreach (var (path, method, operation) in Operations(document).Where(o => o.Operation["responses"]?["201"] is not null))
        {
            if (operation["responses"]!["201"]!["headers"]?["Location"] is null) failures.Add($"{method} {path}: its 201 has no Location");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(null, "GET", "/api/rounds", 401)]
    [InlineData("intake", "GET", "/api/users", 403)]
    [InlineData("admin", "GET", "/api/units?includeInactive=maybe", 400)]
    [InlineData("admin", "GET", "/api/admin/security-log?limit=many", 400)]
    [InlineData("admin", "GET", "/api/rounds/NO-SUCH-ROUND", 404)]
    public async Task A_documented_problem_is_answered_as_documented(string? user, string method, string url, int status)
    {
        var document = await Document();
        var client = user is null ? host.CreateClient() : await host.ClientFor(user);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var path = url.Split('?')[0].Replace("NO-SUCH-ROUND", "{code}", StringComparison.Ordinal);
        Assert.NotNull(document["paths"]![path]![method.ToLowerInvariant()]!["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (status == 400) Assert.NotNull((await response.Json())["errors"]![url.Split('?')[1].Split('=')[0]]);
    }

    [Fact]
    public async Task The_api_reference_page_is_public_and_served_without_any_other_site()
    {
        var client = host.CreateClient();
        var page = await client.GetAsync("/api-docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        // Its scripts come from this app, and it asks for no web fonts or telemetry (no other site is reachable).
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            Assert.DoesNotContain("//", script);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api-docs/" + script)).StatusCode);
        }

        Assert.DoesNotMatch(AbsoluteUrl(), html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.Contains("openapi/v1.json", html);
    }

    private sealed record ApiEndpoint(string Method, string Pattern, bool Anonymous);

    /// <summary>The host's /api endpoints, from its routing table (not from the document).</summary>
    private IEnumerable<ApiEndpoint> ApiEndpoints() =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                new ApiEndpoint(m, RouteConstraint().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)));

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Petitions.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("Petitions.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    /// <summary>The paths that act on one case: its actions, its repeat link, a look-back finding on it.</summary>
    [GeneratedRegex(@"^/api/(petitions/\{caseNo\}/.+|look-back-reviews/\{id\}/cases/\{caseNo\})$")]
    private static partial Regex CaseChange();

    [GeneratedRegex(@"\d$")]
    private static partial Regex TrailingNumber();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
