using System.Net;

namespace Petitions.Host.Operations.Telemetry;

/// <summary>Settings of section "Telemetry" (README "Operations" → "Metrics, traces and logs").</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Networks (CIDR, comma-separated) whose clients may read /metrics; any other client gets 404. Default: loopback
    /// only. Behind a proxy every client has the proxy's address: the proxy must not pass /metrics on (ops/deploy).
    /// </summary>
    public string MetricsAllowedNetworks { get; set; } = "127.0.0.0/8,::1/128";

    /// <summary>How often the open/overdue gauges are recounted.</summary>
    public int GaugeRefreshSeconds { get; set; } = 30;

    /// <summary>An OTLP collector (e.g. http://127.0.0.1:4317) to send traces and metrics to; none by default.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>One JSON object per log line (with the trace id), for log collectors.</summary>
    public bool JsonLogs { get; set; }

    public IReadOnlyList<IPNetwork> AllowedNetworks() =>
        MetricsAllowedNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    private static IPNetwork Parse(string network) => IPNetwork.TryParse(network, out var parsed)
        ? parsed
        : throw new InvalidOperationException($"{Section}:{nameof(MetricsAllowedNetworks)}: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/8).");
}
