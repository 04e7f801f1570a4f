using Dapper;

namespace Petitions.Demo;

/// <summary>Starts the demo load once the host has started (silo and HTTP server up): it never delays the first request.</summary>
public sealed class DemoDataService(DemoData demo, IHostApplicationLifetime lifetime, ILogger<DemoDataService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Enabled) return;
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        try
        {
            await demo.LoadAsync(cancellationToken: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Demo data: stopped with the host; the next start continues");
        }
        catch (Exception)
        {
            // Logged and shown by the status endpoint; the host keeps serving.
        }
    }
}
