using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Security;

/// <summary>
/// A complainant's identity never reaches the logs, error messages, lists or the masked case view, whatever happens
/// to the case: registration, repeat checks, reveal, callbacks, refusals, bad input.
/// </summary>
public sealed class PrivacyTests(PrivacyTests.CapturingHost host) : IClassFixture<PrivacyTests.CapturingHost>
{
    private const string Name = "欧阳娜娜";
    private const string Phone = "13987654321";
    private const string Address = "伊宁市幸福小区3栋2单元";

    /// <summary>A host whose every log line, at every level and from every category, is kept for inspection.</summary>
    public sealed class CapturingHost() : PetitionsHost(Profile.Sqlite)
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(new CaptureProvider(Lines));
            });
        }
    }

    [Fact]
    public async Task The_complainant_never_appears_in_logs_lists_or_masked_views()
    {
        var intake = await host.ClientFor("intake");
        var handler = await host.ClientFor("handler.654000");
        var supervisor = await host.ClientFor("supervisor");
        var complaint = Complaints.Valid(host.Clock.GetUtcNow()).With("complainant", new { name = Name, phone = Phone, address = Address, anonymous = false }).With("leadUnit", "654000");

        var caseNo = (await intake.PostJson("/api/petitions", complaint, 201))["caseNo"]!.GetValue<string>();
        await intake.PostJson("/api/petitions", complaint.With("complainant", new { name = Name, phone = "1398765432", anonymous = false }), 400);
        await intake.PostJson("/api/petitions/repeat-check", new { regionCode = "654000", target = "某化工厂", phone = Phone });
        Assert.Contains((await intake.GetJson($"/api/petitions?phone={Phone}&pageSize=200"))["items"]!.AsArray(), i => i!["caseNo"]!.GetValue<string>() == caseNo);

        var masked = await intake.GetJson($"/api/petitions/{caseNo}");
        Assert.Equal("139****4321", masked["complainant"]!["phone"]!.GetValue<string>());
        Assert.Equal("欧***", masked["complainant"]!["name"]!.GetValue<string>());
        AssertClean(masked.ToJsonString(), "the masked case");

        var revealed = await handler.PostJson($"/api/petitions/{caseNo}/complainant/reveal", new { reason = "核实举报人信息以便回访" });
        Assert.Equal(Phone, revealed["complainant"]!["phone"]!.GetValue<string>());
        Assert.Equal(Name, revealed["complainant"]!["name"]!.GetValue<string>());

        await handler.PostJson($"/api/petitions/{caseNo}/accept", new { });
        await handler.PostJson($"/api/petitions/{caseNo}/site-visits", new { visitedAt = host.Clock.GetUtcNow().AddMinutes(-10), inspectors = new[] { "李检查" }, findings = "现场核查" });
        await handler.PostJson($"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实", measures = "整改", publicSummary = "已整改" });
        await handler.PostJson($"/api/petitions/{caseNo}/callbacks", new { calledAt = host.Clock.GetUtcNow(), method = "Phone", contact = "Complainant", satisfaction = "Dissatisfied", note = "仍有异味" });
        await handler.PostJson($"/api/petitions/{caseNo}/close", new { kind = "Final" }, 403);
        await supervisor.PostJson($"/api/petitions/{caseNo}/close", new { kind = "Final" }, 409);

        AssertClean((await supervisor.GetJson($"/api/petitions?q={caseNo}")).ToJsonString(), "the case list");
        AssertClean((await supervisor.GetJson("/api/problem-list")).ToJsonString(), "the problem list");
        var timeline = (await supervisor.GetJson($"/api/petitions/{caseNo}"))["timeline"]!.AsArray();
        Assert.Contains(timeline, e => e!["type"]!.GetValue<string>() == "ComplainantRevealed" && e["actor"]!["id"]!.GetValue<string>() == "handler.654000");
        AssertClean(timeline.ToJsonString(), "the timeline");

        Assert.NotEmpty(host.Lines);
        Assert.Contains(host.Lines, l => l.Contains(caseNo));
        foreach (var line in host.Lines) AssertClean(line, "a log line");
    }

    [Fact]
    public async Task A_query_code_and_its_hash_never_appear_in_logs_and_the_lookup_never_shows_the_complainant()
    {
        var intake = await host.ClientFor("intake");
        var complaint = Complaints.Valid(host.Clock.GetUtcNow()).With("complainant", new { name = Name, phone = Phone, address = Address, anonymous = false }).With("leadUnit", "654000");
        var created = await intake.PostJson("/api/petitions", complaint, 201);
        var caseNo = created["caseNo"]!.GetValue<string>();
        var code = created["queryCode"]!.GetValue<string>();
        var reissued = (await intake.PostJson($"/api/petitions/{caseNo}/query-code", new { reason = "原回执遗失" }))["queryCode"]!.GetValue<string>();

        var anonymous = host.CreateClient();
        var view = await anonymous.PostJson("/api/public/lookup", new { caseNo, queryCode = reissued });
        AssertClean(view.ToJsonString(), "the public lookup");
        await anonymous.PostJson("/api/public/lookup", new { caseNo, queryCode = code }, 404);
        await anonymous.PostJson("/api/public/rating", new { caseNo, queryCode = reissued, satisfaction = "Satisfied" }, 409);

        var hash = (await new CaseDriver(host).Get(caseNo)).QueryCodeHash!;
        Assert.Contains(host.Lines, l => l.Contains(caseNo));
        foreach (var line in host.Lines)
        {
            AssertClean(line, "a log line");
            foreach (var secret in new[] { code, reissued, hash })
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a query code or its hash appeared in a log line: {line[..Math.Min(line.Length, 300)]}");
            }
        }
    }

    private static void AssertClean(string text, string where)
    {
        foreach (var secret in new[] { Name, Phone, "3987654321", Address, "幸福小区" })
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"'{secret}' appeared in {where}: {text[..Math.Min(text.Length, 300)]}");
        }
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
