using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Petitions.Domain.Cases;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Security;

/// <summary>
/// Bad input, everywhere: every operation of the served OpenAPI document gets malformed bodies (nulls inside arrays
/// and objects, wrong JSON types, huge strings and arrays, invalid UTF-8, deep nesting, truncated JSON), wrong content
/// types, bad If-Match / Idempotency-Key / huge headers and bad query strings — from a fixed seed, a bounded count,
/// signed in as the roles that reach the validators. Every answer is below 500, every 4xx is a ProblemDetails, and
/// nothing changes: the stored cases and the completion statistics are the same before and after.
/// </summary>
public sealed partial class FuzzTests(FuzzTests.KestrelHost host) : IClassFixture<FuzzTests.KestrelHost>
{
    /// <summary>A real Kestrel server: malformed request lines and oversized headers meet the server that production runs.</summary>
    public sealed class KestrelHost : PetitionsHost
    {
        public KestrelHost() : base(Profile.Sqlite) => UseKestrel(0);
    }

    private const int Seed = 20261203;
    private const int BodyCasesPerOperation = 12;
    private static readonly string[] Actors = ["intake", "supervisor", "admin", "handler.654000"];

    [Fact]
    public async Task No_malformed_request_gets_a_5xx_or_changes_anything()
    {
        var driver = new CaseDriver(host);
        var caseNo = await driver.InProgress(new CaseSpec(), "654000", ["654200"]);
        await driver.Do(caseNo, new IssueSupervisionNoticeCommand("请加快办理", null));
        var round = await driver.NewRound(10, 1);
        var clients = new List<HttpClient>();
        foreach (var actor in Actors) clients.Add(RawClient(await host.ClientFor(actor)));
        var supervisor = clients[1];

        var document = await host.CreateClient().GetJson("/openapi/v1.json");
        var schemas = document["components"]?["schemas"]?.AsObject() ?? new JsonObject();
        var casesBefore = await host.StoredCases();
        var statsBefore = (await supervisor.GetJson("/api/stats/completion?groupBy=unit")).ToJsonString();
        var caseBefore = await driver.Get(caseNo);

        var random = new Random(Seed);
        var failures = new List<string>();
        var closed = new List<string>();
        var transport = 0;
        var sent = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operationNode) in item!.AsObject())
            {
                var operation = operationNode!.AsObject();
                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                var url = Fill(path, caseNo, round);
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var template = Seeds.TryGetValue($"{method.ToUpperInvariant()} {path}", out var seed) ? seed()
                    : bodySchema is null ? null : Sample(bodySchema, schemas, 0) as JsonObject;

                var cases = new List<Case>();
                if (template is not null)
                {
                    for (var i = 0; i < BodyCasesPerOperation; i++) cases.Add(new Case(url, Json(Mutate(template, random)), "application/json", MustFail: true));
                }

                cases.AddRange(RawBodies(random).Select(raw => new Case(url, raw.Body, raw.ContentType)));
                cases.AddRange(BadHeaders(random).Select(h => new Case(url, template is null ? null : Bytes("{\"x\":[null]"), "application/json", h)));
                cases.AddRange(BadPaths(path, caseNo, round, random).Select(u => new Case(u, template is null ? null : Json(Mutate(template, random)), "application/json")));
                foreach (var parameter in parameters.Where(p => p["in"]?.GetValue<string>() == "query"))
                {
                    var name = parameter["name"]!.GetValue<string>();
                    foreach (var value in BadQueryValues(random)) cases.Add(new Case($"{url}?{name}={value}", null, null));
                }

                for (var i = 0; i < cases.Count; i++)
                {
                    var c = cases[i];
                    var client = clients[(i + random.Next(Actors.Length)) % Actors.Length];
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), c.Url);
                    if (c.Body is not null)
                    {
                        request.Content = new ByteArrayContent(c.Body);
                        if (c.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                    }

                    foreach (var (name, value) in c.Headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.SendAsync(request);
                    }
                    catch (HttpRequestException e) when (e.InnerException is IOException)
                    {
                        // The server answered and closed before reading everything sent (an oversized header or body):
                        // a refusal at the transport, not an answer. Counted, so that it cannot hide the whole run.
                        closed.Add($"{method.ToUpperInvariant()} {Shorten(c.Url)} [{c.ContentType}] headers {string.Join(",", (c.Headers ?? []).Select(h => $"{h.Name}:{h.Value.Length}"))} body {c.Body?.Length}");
                        continue;
                    }

                    using var _ = response;
                    sent++;
                    var status = (int)response.StatusCode;
                    var text = await response.Content.ReadAsStringAsync();
                    if (status < 400 && c.MustFail)
                    {
                        failures.Add($"{method.ToUpperInvariant()} {Shorten(c.Url)} accepted a malformed body: {Shorten(Encoding.UTF8.GetString(c.Body!))} → {status}");
                    }
                    else if (status >= 500)
                    {
                        failures.Add($"{method.ToUpperInvariant()} {Shorten(c.Url)} [{c.ContentType}] {Shorten(c.Body is null ? "" : Encoding.UTF8.GetString(c.Body))} → {status} {Shorten(text)}");
                    }
                    else if (response.Headers.ConnectionClose == true && response.Content.Headers.ContentLength is null or 0 && status is 400 or 414 or 431)
                    {
                        // Kestrel's own refusal of a malformed request line or header: the request never reached the app.
                        transport++;
                    }
                    else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{method.ToUpperInvariant()} {Shorten(c.Url)} → {status} without ProblemDetails ({response.Content.Headers.ContentType})");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers failed:\n{string.Join("\n", failures.Take(30))}");
        Assert.True(closed.Count < sent / 20, $"{closed.Count} requests were cut off by the server:\n{string.Join("\n", closed.Take(30))}");
        Assert.True(transport < sent / 10, $"{transport} of {sent} requests were refused by the server before the app saw them.");
        Assert.True(sent > 500, $"Only {sent} requests were sent: the OpenAPI document was not walked.");

        Assert.Equal(casesBefore, await host.StoredCases());
        Assert.Equal(statsBefore, (await supervisor.GetJson("/api/stats/completion?groupBy=unit")).ToJsonString());
        var caseAfter = await driver.Get(caseNo);
        Assert.Equal(caseBefore.Status, caseAfter.Status);
        Assert.Equal(caseBefore.Version, caseAfter.Version);
    }

    [Fact]
    public async Task A_null_inside_a_list_is_a_400_naming_the_element_and_registers_nothing()
    {
        var intake = await host.ClientFor("intake");
        var before = await host.StoredCases();
        var response = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("categories", new[] { "Air", null }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.NotNull(problem["errors"]!["categories[1]"]);
        Assert.Equal(before, await host.StoredCases());
    }

    [Fact]
    public async Task An_unknown_charset_is_a_415_naming_the_content_type()
    {
        var intake = await host.ClientFor("intake");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = new ByteArrayContent(Bytes("{}")) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=no-such-charset");
        var response = await intake.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.NotNull((await response.Json())["errors"]!["Content-Type"]);
    }

    /// <summary>A client that sends header values as UTF-8 bytes (the default one refuses non-ASCII before sending).</summary>
    private static HttpClient RawClient(HttpClient signedIn)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        }) { BaseAddress = signedIn.BaseAddress };
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    private sealed record Case(string Url, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)>? Headers = null, bool MustFail = false);

    /// <summary>Known-good bodies that replace the documented schema's sample (mutations must break a field the endpoint reads).</summary>
    private static readonly Dictionary<string, Func<JsonObject>> Seeds = new()
    {
        ["POST /api/petitions"] = () => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Complaints.Valid(DateTimeOffset.UtcNow)))!.AsObject(),
    };

    private static string Fill(string path, string caseNo, string round) => PathParameter().Replace(path, m => m.Groups[1].Value switch
    {
        "caseNo" => caseNo,
        "code" when path.StartsWith("/api/rounds", StringComparison.Ordinal) => round,
        "code" => "654000",
        "no" => "1",
        "username" => "intake",
        _ => "1",
    });

    private static IEnumerable<string> BadPaths(string path, string caseNo, string round, Random random)
    {
        if (!PathParameter().IsMatch(path)) yield break;
        string[] values = ["%00", new string('9', 3000), "..%2F..%2Fetc", "%E4%B8", "%20", "-1", "2147483648"];
        for (var i = 0; i < 2; i++)
        {
            var value = values[random.Next(values.Length)];
            yield return PathParameter().Replace(path, _ => value);
        }

        // One parameter bad, the others real: the bad one must be what is refused.
        yield return Fill(path, caseNo, round).Replace(caseNo, caseNo + "%00");
    }

    private static IEnumerable<(byte[] Body, string ContentType)> RawBodies(Random random)
    {
        yield return ([0xFF, 0xFE, 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], "application/json");
        yield return (Bytes("{\"a\":\"") .Concat(new byte[] { 0xED, 0xA0, 0x80, 0xC0, 0xAF }).Concat(Bytes("\"}")).ToArray(), "application/json");
        yield return (Bytes(new string('[', 5000) + new string(']', 5000)), "application/json");
        yield return (Bytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)), "application/json");
        string[] tops = ["[]", "\"text\"", "42", "true", "[null]", "{\"\":null}", "null", "", "{\"a\":1"];
        yield return (Bytes(tops[random.Next(tops.Length)]), "application/json");
        string[] types = ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=utf-7x", "application/json; charset=utf-16", ";;;", "application/json; charset=\"", "*/*"];
        yield return (Bytes("{\"a\":1}"), types[random.Next(types.Length)]);
    }

    private static IEnumerable<IReadOnlyList<(string, string)>> BadHeaders(Random random)
    {
        string[] ifMatch = ["\"abc\"", "W/\"x\"", "-1", "\"99999999999999999999\"", "\"0\"", "W/", "\"1\", \"2\"", "\u00e9\u00e9"];
        string[] keys = [new string('k', 300), new string('键', 150), " ", "\u00ff\u00fe", new string('k', 20_000)];
        yield return [("If-Match", ifMatch[random.Next(ifMatch.Length)])];
        yield return [("Idempotency-Key", keys[random.Next(keys.Length)])];
        yield return [("Idempotency-Key", keys[random.Next(keys.Length)]), ("If-Match", ifMatch[random.Next(ifMatch.Length)])];
        yield return [("X-Fuzz", new string('h', 30_000)), ("Accept", "application/xml;q=abc")];
        yield return [("Accept-Language", "zz-ZZ-" + new string('x', 500)), ("Cookie", "petitions.culture=c%3Dxx%7Cuic%3D%00")];
    }

    private static IEnumerable<string> BadQueryValues(Random random)
    {
        string[] values =
        [
            "", "abc", "-1", "0", "99999999999999999999", "1e400", "%00", "%FF%FE", "2026-13-45", "9999-12-31T99:99",
            Uri.EscapeDataString(new string('x', 5000)), "Nope", "%27%20OR%201%3D1--", "1&page=-5&pageSize=100000000",
        ];
        for (var i = 0; i < 2; i++) yield return values[random.Next(values.Length)];
    }

    /// <summary>A value of the schema's shape: the starting point that mutations break in exactly one place.</summary>
    private static JsonNode? Sample(JsonNode schema, JsonObject schemas, int depth)
    {
        schema = Resolve(schema, schemas);
        if (depth > 5) return null;
        if (schema["enum"] is JsonArray { Count: > 0 } values) return values[0]?.DeepClone();
        var type = TypeOf(schema);
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? new JsonObject())
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, schemas, depth + 1)))),
            "array" => new JsonArray(Sample(schema["items"] ?? new JsonObject(), schemas, depth + 1)),
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "date-time" => DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
                "date" => "2026-01-01",
                _ => "某某",
            },
            "integer" or "number" => 1,
            "boolean" => false,
            _ => null,
        };
    }

    private static JsonNode Resolve(JsonNode schema, JsonObject schemas)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference) schema = schemas[reference.Split('/')[^1]] ?? new JsonObject();
            else if ((schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"]) is JsonArray options)
                schema = options.FirstOrDefault(o => TypeOf(o!) != "null") ?? new JsonObject();
            else break;
        }

        return schema;
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        JsonValue value => value.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : null,
    };

    /// <summary>The template broken in one place, with a value no field accepts there.</summary>
    private static JsonNode Mutate(JsonObject template, Random random)
    {
        var copy = template.DeepClone().AsObject();
        if (copy.Count == 0)
        {
            copy["unexpected"] = new JsonArray(null, null);
            return copy;
        }

        Break(copy, random, 0);
        return copy;
    }

    private static void Break(JsonObject target, Random random, int depth)
    {
        var key = target.Select(p => p.Key).ElementAt(random.Next(target.Count));
        var current = target[key];
        if (current is JsonObject { Count: > 0 } inner && depth < 4 && random.Next(2) == 0)
        {
            Break(inner, random, depth + 1);
            return;
        }

        if (current is JsonArray { Count: > 0 } array && array[0] is JsonObject { Count: > 0 } element && random.Next(2) == 0)
        {
            Break(element, random, depth + 1);
            return;
        }

        target[key] = current switch
        {
            JsonArray => random.Next(5) switch
            {
                0 => new JsonArray((JsonNode?)null),
                1 => new JsonArray([.. (current.AsArray().Select(e => e?.DeepClone())), null]),
                2 => new JsonArray(Enumerable.Range(0, 20_000).Select(_ => (JsonNode?)null).ToArray()),
                3 => "not-a-list",
                _ => new JsonObject { ["a"] = 1 },
            },
            JsonObject => random.Next(3) switch
            {
                0 => new JsonArray(1, 2),
                1 => "not-an-object",
                _ => 12345,
            },
            JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => random.Next(5) switch
            {
                0 => new string('长', 1_000_000),
                1 => new JsonObject { ["a"] = null },
                2 => new JsonArray("a", null),
                3 => 1e300,
                _ => DeepArray(300),
            },
            JsonValue => random.Next(4) switch
            {
                0 => "abc",
                1 => new JsonObject(),
                2 => new JsonArray((JsonNode?)null),
                _ => "1e400",
            },
            _ => random.Next(2) == 0 ? new JsonArray(null, new JsonObject { ["x"] = null }) : DeepArray(300),
        };
    }

    private static JsonNode DeepArray(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++) node = new JsonArray(node);
        return node;
    }

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(new System.Text.Json.JsonSerializerOptions { MaxDepth = 1000 }));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
