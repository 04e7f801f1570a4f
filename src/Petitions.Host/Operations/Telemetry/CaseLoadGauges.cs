using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Stats;

namespace Petitions.Host.Operations.Telemetry;

/// <summary>
/// Open and overdue cases per top-level unit, as gauges. A scrape must not run a statistics query, so a snapshot is
/// taken every <see cref="TelemetrySettings.GaugeRefreshSeconds"/> by the same statistics the dashboard reads
/// (<see cref="CompletionStatistics"/>, grouped by unit, whole scope) and the gauges report the latest one.
/// </summary>
public sealed class CaseLoadGauges : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly TelemetrySettings settings;
    private readonly ILogger<CaseLoadGauges> logger;
    private volatile IReadOnlyList<StatsRow> latest = [];

    public CaseLoadGauges(IServiceScopeFactory scopes, IMeterFactory meters, IOptions<TelemetrySettings> settings, ILogger<CaseLoadGauges> logger)
    {
        this.scopes = scopes;
        this.settings = settings.Value;
        this.logger = logger;
        var meter = meters.Create(PetitionsTelemetry.MeterName);
        meter.CreateObservableGauge("petitions.cases.open", () => Measure(r => r.Open), "{case}", "Open cases led by each top-level unit's subtree.");
        meter.CreateObservableGauge("petitions.cases.overdue", () => Measure(r => r.Overdue), "{case}", "Open cases past their due date, per top-level unit.");
    }

    private IEnumerable<Measurement<long>> Measure(Func<StatsRow, int> value) =>
        latest.Where(r => r.Key is not null).Select(r => new Measurement<long>(value(r), new KeyValuePair<string, object?>("unit", r.Key)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.GaugeRefreshSeconds)));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var statistics = scope.ServiceProvider.GetRequiredService<CompletionStatistics>();
                latest = await statistics.ComputeAsync(new StatsFilter(), StatsGroupBy.Unit, new Scope(true, new HashSet<string>()), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be down for a while: the gauges keep their last values, the next tick tries again.
                logger.LogWarning("Case gauges not refreshed: {Error}", ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
