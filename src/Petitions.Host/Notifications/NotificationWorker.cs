using Petitions.Application.Features.Notifications;
using Petitions.Infrastructure.Notifications;

namespace Petitions.Host.Notifications;

/// <summary>
/// Every <see cref="NotificationSettings.PollSeconds"/>: the deadline scan (due soon, overdue) and the outbox. Every
/// silo runs it; the notices' ids and the outbox claims keep each notice single. Instants come from the application
/// clock, so a test moves time with its fake clock and runs <see cref="RunOnceAsync"/> itself.
/// </summary>
public sealed class NotificationWorker(NotificationPlanner planner, NotificationOutbox outbox, NotificationSettings settings, ILogger<NotificationWorker> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>One scan and one outbox run (not concurrently with the timer's own run in this process).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            await planner.FromDeadlinesAsync(cancellationToken);
            await outbox.DispatchAsync(cancellationToken);
        }
        finally
        {
            running.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.PollSeconds)));
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be unreachable: the next tick tries again.
                    logger.LogWarning("Notification run failed: {Error}", ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
