using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Petitions.Host.Operations.Telemetry;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// /metrics in the Prometheus text format, for the configured networks only; the project's own instruments count what
/// the case grains decide; problems carry the W3C trace id. A real host process, reached over loopback.
/// </summary>
public sealed class MetricsTests
{
    private static string Database() => Path.Combine(Path.GetTempPath(), "petitions-metrics", Guid.NewGuid().ToString("N"), "p.db");

    [Fact]
    public async Task Metrics_count_commands_refusals_registrations_requests_and_open_cases_per_unit()
    {
        await using var host = await HostProcess.StartAsync(Database(), "--Telemetry:GaugeRefreshSeconds=1");
        var intake = await host.ClientFor("intake");
        var created = await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(DateTimeOffset.UtcNow).With("leadUnit", "650100"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseNo = (await created.Json())["caseNo"]!.GetValue<string>();
        // Closing a case that was only registered does not apply: a refusal, by its rule.
        var supervisor = await host.ClientFor("supervisor");
        var refused = await supervisor.PostAsJsonAsync($"/api/petitions/{caseNo}/close", new { kind = "Final" });
        Assert.True((int)refused.StatusCode is >= 400 and < 500, $"close answered {refused.StatusCode}");

        string text = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var anonymous = new HttpClient { BaseAddress = host.Address };
            var response = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            if (Sample(text, "petitions_cases_open", "unit=\"650000\"") >= 1) break;
            await Task.Delay(200);
        }

        Assert.Equal(1, Sample(text, "petitions_case_commands_total", "kind=\"Register\"", "outcome=\"Applied\""));
        Assert.Equal(1, Sample(text, "petitions_case_registrations_total"));
        Assert.Equal(1, Sample(text, "petitions_case_refusals_total", "kind=\"Close\"", "rule=\"TransitionNotAllowed\""));
        Assert.True(Sample(text, "petitions_grain_call_duration_milliseconds_count", "PetitionCaseGrain\"", "method=\"Execute\"") >= 2);
        Assert.True(Sample(text, "http_server_request_duration_seconds_count", "http_route=\"/api/petitions/\"", "http_response_status_code=\"201\"") >= 1);
        Assert.Equal(1, Sample(text, "petitions_cases_open", "unit=\"650000\""));
        Assert.Equal(0, Sample(text, "petitions_cases_overdue", "unit=\"650000\""));
        Assert.Contains("orleans_", text);
        // Nothing a complainant wrote, no case number: tags come from closed sets.
        Assert.DoesNotContain(caseNo, text);
    }

    [Fact]
    public async Task Clients_outside_the_configured_networks_get_404_and_problems_carry_the_trace_id()
    {
        await using var host = await HostProcess.StartAsync(Database(), "--Telemetry:MetricsAllowedNetworks=10.0.0.0/8");
        using var client = new HttpClient { BaseAddress = host.Address };
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);

        var problem = await client.PostAsJsonAsync("/api/public/lookup", new { caseNo = "XF-none", queryCode = "ABCDEFGH" });
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", (await problem.Json())["traceId"]!.GetValue<string>());
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels contain every fragment; -1 when none.</summary>
    private static double Sample(string exposition, string metric, params string[] labelFragments)
    {
        foreach (var line in exposition.Split('\n'))
        {
            var match = Regex.Match(line, @"^(?<name>[a-z_:]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)");
            if (!match.Success || match.Groups["name"].Value != metric) continue;
            if (!labelFragments.All(f => match.Groups["labels"].Value.Contains(f, StringComparison.Ordinal))) continue;
            return double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return -1;
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("192.168.1.10", false)]
    public void Loopback_is_the_default_network(string address, bool allowed) =>
        Assert.Equal(allowed, PetitionsTelemetry.IsAllowed(IPAddress.Parse(address), new TelemetrySettings().AllowedNetworks()));

    [Fact]
    public void A_malformed_network_names_the_setting() =>
        Assert.Contains("MetricsAllowedNetworks", Assert.Throws<InvalidOperationException>(() =>
            new TelemetrySettings { MetricsAllowedNetworks = "127.0.0.1/8,nonsense" }.AllowedNetworks()).Message);
}
