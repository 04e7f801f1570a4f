using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Petitions.Application.Common.Behaviors;
using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Operations.Telemetry;

/// <summary>
/// What operators see besides logs (README "Operations"): OpenTelemetry metrics at /metrics in the Prometheus text
/// format (only for the configured networks, loopback by default), traces across HTTP → MediatR → grain → SQL with
/// the trace id in every log line and every ProblemDetails, and an OTLP exporter when a collector is configured.
/// </summary>
public static class PetitionsTelemetry
{
    /// <summary>The meter of the project's own instruments (commands, refusals, registrations, closings, gauges).</summary>
    public const string MeterName = "Petitions";

    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddPetitionsTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetrySettings.Section);
        var settings = section.Get<TelemetrySettings>() ?? new TelemetrySettings();
        _ = settings.AllowedNetworks(); // a malformed network stops the start with the setting's value in the message
        builder.Services.Configure<TelemetrySettings>(section);

        // The trace and span id of the current request in every log line (the console formatter prints scopes).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (settings.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var otlp = settings.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("petitions", serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()              // http.server.request.duration by route and status
                    .AddMeter(MeterName, "Microsoft.Orleans", "System.Runtime")
                    .AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath))
                    .AddSource(UseCaseDiagnostics.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Npgsql");
                // A span per SQLite statement only where spans leave the process: thousands a second otherwise recorded for nobody.
                if (otlp is not null) tracing.AddSource(SqliteStatementSpans.SourceName).AddOtlpExporter(o => o.Endpoint = otlp);
            });

        builder.Services.AddHostedService<CaseLoadGauges>();
        return builder;
    }

    /// <summary>The silo's part: trace context carried across grain calls, and the grain-call and command metrics.</summary>
    public static ISiloBuilder AddPetitionsTelemetry(this ISiloBuilder silo) =>
        silo.AddActivityPropagation().AddIncomingGrainCallFilter<CaseCommandMetrics>();

    /// <summary>/metrics for the allowed networks; everyone else gets what any unknown address gives (404).</summary>
    public static WebApplication UsePetitionsMetrics(this WebApplication app)
    {
        var networks = app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value.AllowedNetworks();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == MetricsPath && IsAllowed(context.Connection.RemoteIpAddress, networks));
        return app;
    }

    public static bool IsAllowed(IPAddress? address, IReadOnlyList<IPNetwork> networks)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }

    /// <summary>The id a client quotes when reporting a problem: the W3C trace id when a trace runs, else the request id.</summary>
    public static string TraceId(HttpContext context) =>
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
