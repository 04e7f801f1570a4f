using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// One trace per request, down to the database: HTTP → MediatR use case → grain call → SQL, on the embedded database
/// (our SQLite statement spans) and on PostgreSQL (Npgsql's). The statement text carries placeholders, never values.
/// </summary>
public abstract class TracingTests(PetitionsHost host, string sqlSource) : IDisposable
{
    private readonly CaseDriver steps = new(host);
    private readonly ConcurrentBag<Activity> stopped = [];
    private readonly ActivityListener listener = new();

    protected void Listen()
    {
        listener.ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "Petitions.Application" or "Microsoft.Orleans.Application"
            || s.Name == sqlSource;
        listener.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        listener.ActivityStopped = stopped.Add;
        ActivitySource.AddActivityListener(listener);
    }

    [Fact]
    public async Task A_registration_is_one_trace_from_the_request_to_the_sql_statements_without_the_complainant()
    {
        Listen();
        var intake = await steps.Intake;
        var body = Complaints.Valid(steps.Now).With("complainant", new Dictionary<string, object?>
        {
            ["name"] = "踪迹测试人", ["phone"] = "13987654321", ["anonymous"] = false,
        });
        // The caller's trace (W3C traceparent): this request's spans, apart from other tests' running meanwhile.
        var traceId = ActivityTraceId.CreateRandom();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = JsonContent.Create(body) };
        message.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await intake.SendAsync(message);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var trace = stopped.Where(a => a.TraceId == traceId).ToList();
        var useCase = Assert.Single(trace, a => a.Source.Name == "Petitions.Application" && a.DisplayName.StartsWith("RegisterPetition", StringComparison.Ordinal));

        var request = Assert.Single(trace, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.True(IsBelow(useCase, request, trace), "the use case runs inside the HTTP request's span");
        var grainCalls = trace.Where(a => a.Source.Name == "Microsoft.Orleans.Application" && IsBelow(a, useCase, trace)).ToList();
        Assert.NotEmpty(grainCalls);
        var statements = trace.Where(a => a.Source.Name == sqlSource).ToList();
        Assert.Contains(statements, s => grainCalls.Any(g => IsBelow(s, g, trace)));
        foreach (var statement in statements)
        {
            var text = statement.GetTagItem("db.query.text") as string ?? "";
            Assert.DoesNotContain("踪迹测试人", text);
            Assert.DoesNotContain("13987654321", text);
        }
    }

    private static bool IsBelow(Activity child, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var id = child.ParentSpanId; id != default;)
        {
            if (id == ancestor.SpanId) return true;
            var parent = trace.FirstOrDefault(a => a.SpanId == id);
            if (parent is null) return false;
            id = parent.ParentSpanId;
        }

        return false;
    }

    public void Dispose() => listener.Dispose();
}

public sealed class TracingOnSqlite(SqliteHost host) : TracingTests(host, "Petitions.Sqlite"), IClassFixture<SqliteHost>;

public sealed class TracingOnPostgres(PostgresHost host) : TracingTests(host, "Npgsql"), IClassFixture<PostgresHost>;
