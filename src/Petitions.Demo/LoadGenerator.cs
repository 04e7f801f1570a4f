using System.Globalization;
using Petitions.Domain.Common;

namespace Petitions.Demo;

/// <summary>
/// "--load &lt;size&gt;" (Load:Cases): once the host has started, pushes that many synthetic cases through the same
/// command path as the demo data, prints the throughput and stops the host (unless Load:KeepRunning=true).
/// </summary>
public sealed class LoadGenerator(IConfiguration configuration, DemoLoader loader, IClock clock, IHostApplicationLifetime lifetime, ILogger<LoadGenerator> logger) : BackgroundService
{
    /// <summary>The size after "--load" on the command line, if any.</summary>
    public static int? SizeFrom(string[] args)
    {
        var index = Array.IndexOf(args, "--load");
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var size) && size > 0 ? size : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var size = configuration.GetValue("Load:Cases", 0);
        if (size <= 0) return;
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var parallelism = configuration.GetValue("Load:Parallelism", DemoLoader.DefaultParallelism);
        var runId = clock.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
        var work = DemoPlan.Synthetic(size, runId, ChinaTime.DateOf(clock.UtcNow));
        logger.LogInformation("Load: {Cases} synthetic cases, {Parallelism} in flight, run {RunId}", size, parallelism, runId);
        var result = await loader.RunAsync(work, new DemoProgress(), parallelism, stoppingToken);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"LOAD RESULT cases={result.Cases} commands={result.Commands} failures={result.Failures} seconds={result.Elapsed.TotalSeconds:F1} registration_seconds={result.RegistrationTime.TotalSeconds:F1} cases_per_s={result.CasesPerSecond:F1} commands_per_s={result.CommandsPerSecond:F1}");
        Console.WriteLine(line);
        logger.LogInformation("{Line}", line);
        if (!configuration.GetValue("Load:KeepRunning", false)) lifetime.StopApplication();
    }
}
