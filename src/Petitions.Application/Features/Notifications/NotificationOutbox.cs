using Microsoft.Extensions.Logging;
using Petitions.Application.Common.Units;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notifications;

/// <summary>
/// Sends what the outbox holds: each row through its channel's sender, once when it succeeds; a failure is recorded
/// and retried after a growing pause (30 s, 1 min, 2 min … at most an hour), and given up after
/// <see cref="MaxAttempts"/>. A process that dies between sending and recording sends again after the claim's lease:
/// at least once, never twice while the record stands.
/// </summary>
public sealed class NotificationOutbox(INotificationStore store, IEnumerable<INotificationSender> senders, IUnitCatalog units, IClock clock,
    ILogger<NotificationOutbox> logger)
{
    public const int MaxAttempts = 10;
    public const int BatchSize = 100;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyDictionary<string, INotificationSender> byChannel = senders.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.First());

    /// <summary>The pause after the given number of failed attempts.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(failedAttempts - 1, 0, 20))));

    /// <summary>Sends every due row once; returns how many were sent.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        UnitTree? tree = null;
        while (true)
        {
            var now = clock.UtcNow;
            var due = await store.ClaimDueAsync(now, now + Lease, BatchSize, cancellationToken);
            if (due.Count == 0) return sent;
            tree ??= new UnitTree(await units.ListAsync(cancellationToken));
            foreach (var item in due)
            {
                if (await SendAsync(item, tree, cancellationToken)) sent++;
            }

            if (due.Count < BatchSize) return sent;
        }
    }

    private async Task<bool> SendAsync(OutboxItem item, UnitTree tree, CancellationToken cancellationToken)
    {
        var n = item.Notification;
        var attempt = item.Attempts + 1;
        if (!byChannel.TryGetValue(item.Channel, out var sender))
        {
            // The channel was configured when the notice was made and is not now: nothing can send it.
            await store.RecordAttemptAsync(item, clock.UtcNow, OutboxStatus.Failed, $"No sender for channel {item.Channel}.", null, cancellationToken);
            return false;
        }

        var unitName = tree.NameOf(n.UnitCode);
        var outgoing = new OutgoingNotification(n.Id, n.Recipient, n.Kind, n.CaseNo, n.UnitCode, unitName, n.DueAt,
            NotificationText.Subject(n.Kind), NotificationText.Compose(n.Kind, n.CaseNo, unitName, n.DueAt));
        try
        {
            var outcome = await sender.SendAsync(outgoing, cancellationToken);
            await store.RecordAttemptAsync(item, clock.UtcNow, outcome == SendOutcome.Sent ? OutboxStatus.Sent : OutboxStatus.NoAddress,
                outcome == SendOutcome.Sent ? null : "No address for the recipient.", null, cancellationToken);
            return outcome == SendOutcome.Sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var now = clock.UtcNow;
            DateTimeOffset? next = attempt >= MaxAttempts ? null : now + Backoff(attempt);
            logger.LogWarning("Notification {Id} via {Channel}: attempt {Attempt} failed ({Error}); {Next}", n.Id, item.Channel, attempt, ex.GetType().Name,
                next is null ? "given up" : $"next at {next:O}");
            await store.RecordAttemptAsync(item, now, next is null ? OutboxStatus.Failed : OutboxStatus.Pending, $"{ex.GetType().Name}: {ex.Message}", next, cancellationToken);
            return false;
        }
    }
}
