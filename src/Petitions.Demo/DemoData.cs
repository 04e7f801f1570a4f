using System.Diagnostics;
using System.Text.Json;
using Petitions.Application.Features.Demo;
using Petitions.Domain.Common;
using Petitions.Infrastructure.Storage;

namespace Petitions.Demo;

/// <summary>
/// The demo data set (Demo:Enabled, unless Demo:LoadData=false): loaded once per database through the command path,
/// remembered in the meta table ("demo.loaded"), resumed after an interruption. The plan's dates hang on an anchor
/// date kept in "demo.anchor", so a load resumed on another day continues the same plan.
/// </summary>
public sealed class DemoData(IConfiguration configuration, DemoLoader loader, DemoLedger ledger, MetaTable meta, IClock clock, ILogger<DemoData> logger) : IDemoProgress
{
    public const string AnchorKey = "demo.anchor";
    public const string LoadedKey = "demo.loaded";

    private readonly DemoProgress progress = new();
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile string state = DemoStatus.Waiting;
    private DateTimeOffset? startedAt, finishedAt;

    public bool Enabled => configuration.GetValue<bool>("Demo:Enabled") && configuration.GetValue("Demo:LoadData", true);

    public DemoSize Size => configuration.GetSection("Demo:Size").Get<DemoSize>() ?? DemoSize.Report;

    public int Parallelism => configuration.GetValue("Demo:Parallelism", DemoLoader.DefaultParallelism);

    public DemoStatus Status()
    {
        var current = Enabled || state != DemoStatus.Waiting ? state : DemoStatus.Disabled;
        var elapsed = startedAt is { } started ? ((finishedAt ?? clock.UtcNow) - started).TotalSeconds : (double?)null;
        return new DemoStatus(current, current == DemoStatus.Loading ? progress.Phase : null, progress.Total, progress.RegisteredCount,
            progress.CompletedCount, progress.Commands, progress.Replayed, progress.Failures, startedAt, finishedAt, elapsed is { } e ? Math.Round(e, 1) : null);
    }

    /// <summary>Loads the data set unless this database has it already (or <paramref name="force"/>: run it again, which changes nothing).</summary>
    public async Task<DemoRunResult?> LoadAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var size = Size;
            if (!force && await meta.GetAsync(LoadedKey, cancellationToken) is not null)
            {
                progress.AlreadyLoaded(size.Total);
                await ledger.LoadAsync(cancellationToken);
                state = DemoStatus.Done;
                logger.LogInformation("Demo data: already loaded");
                return null;
            }

            var anchor = DateOnly.ParseExact(await AnchorAsync(cancellationToken), "yyyy-MM-dd");
            var plan = DemoPlan.Build(size, anchor);
            (state, startedAt, finishedAt) = (DemoStatus.Loading, clock.UtcNow, null);
            logger.LogInformation("Demo data: loading {Cases} cases (round 1: {R1}, round 2: {R2}, routine: {Routine}) anchored on {Anchor}",
                size.Total, size.Round1Cases, size.Round2Cases, size.RoutineCases, anchor);

            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporter = ReportAsync(reporting.Token);
            DemoRunResult result;
            try
            {
                result = await loader.RunAsync(DemoWork.Of(plan), progress, Parallelism, cancellationToken);
            }
            finally
            {
                await reporting.CancelAsync();
                await reporter;
            }

            finishedAt = clock.UtcNow;
            if (result.Failures > 0)
            {
                state = DemoStatus.Failed;
                logger.LogError("Demo data: {Failures} failure(s) in {Seconds:F1} s; the next start tries again", result.Failures, result.Elapsed.TotalSeconds);
                return result;
            }

            await ledger.LoadAsync(cancellationToken);
            await meta.SetAsync(LoadedKey, JsonSerializer.Serialize(new
            {
                completedAt = finishedAt, cases = result.Cases, commands = result.Commands, seconds = Math.Round(result.Elapsed.TotalSeconds, 1), size,
            }), cancellationToken);
            state = DemoStatus.Done;
            logger.LogInformation("Demo data: {Cases} cases, {Commands} commands ({Replayed} replayed) in {Seconds:F1} s ({CasesPerSecond:F0} cases/s, {CommandsPerSecond:F0} commands/s)",
                result.Cases, result.Commands, result.Replayed, result.Elapsed.TotalSeconds, result.CasesPerSecond, result.CommandsPerSecond);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (state, finishedAt) = (DemoStatus.Failed, clock.UtcNow);
            logger.LogError(e, "Demo data: the load failed; the next start tries again");
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                logger.LogInformation("Demo data: {Phase} {Registered}/{Completed}/{Total} (registered/handled/total), {Commands} commands, {Seconds:F0} s",
                    progress.Phase, progress.RegisteredCount, progress.CompletedCount, progress.Total, progress.Commands, watch.Elapsed.TotalSeconds);
            }
        }
        catch (OperationCanceledException)
        {
            // The load is over.
        }
    }

    /// <summary>The plan's anchor date: the China date of the first load, kept so that a resumed load follows the same plan.</summary>
    private async Task<string> AnchorAsync(CancellationToken cancellationToken)
    {
        await meta.AddAsync(AnchorKey, ChinaTime.DateOf(clock.UtcNow).ToString("yyyy-MM-dd"), cancellationToken);
        return (await meta.GetAsync(AnchorKey, cancellationToken))!;
    }
}
