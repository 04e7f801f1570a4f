using System.Security.Cryptography;
using System.Text;

namespace Petitions.Application.Features.Notifications;

/// <summary>
/// A notice for one recipient. <see cref="Ref"/> tells triggers of one kind on one case apart (the timeline entry's
/// number, or the deadline); with kind, case and recipient it makes the id, so the same trigger never notifies twice.
/// Nothing of the complainant is part of it.
/// </summary>
public sealed record NewNotification(string Recipient, NotificationKind Kind, string CaseNo, string Ref, string UnitCode, DateTimeOffset? DueAt, DateTimeOffset CreatedAt)
{
    public string Id => IdFor(Kind, CaseNo, Ref, Recipient);

    public static string IdFor(NotificationKind kind, string caseNo, string reference, string recipient)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{caseNo}\n{reference}\n{recipient}"));
        return Convert.ToHexStringLower(hash)[..32];
    }
}

/// <summary>A stored notice as its recipient sees it.</summary>
public sealed record NotificationRecord(string Id, string Recipient, NotificationKind Kind, string CaseNo, string UnitCode, DateTimeOffset? DueAt, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>An open case with a deadline, from the read model, for the deadline scan.</summary>
public sealed record DeadlineCase(string CaseNo, string Status, string LeadUnit, DateTimeOffset DueAt);

/// <summary>A claimed outbox row: the notice to send through one channel, and how many attempts came before.</summary>
public sealed record OutboxItem(NotificationRecord Notification, string Channel, int Attempts);

/// <summary>An outbox row's state (stored data): waiting for an attempt, claimed, sent, without an address, given up.</summary>
public enum OutboxStatus { Pending, Sending, Sent, NoAddress, Failed }

/// <summary>The notifications, their outbox and the attempts (all SQL in the Infrastructure).</summary>
public interface INotificationStore
{
    /// <summary>Adds the notices not yet stored, each with an outbox row per channel; returns how many were new.</summary>
    Task<int> AddAsync(IReadOnlyList<NewNotification> notifications, IReadOnlyList<string> channels, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The recipient's newest notices (at most <paramref name="limit"/>) and the count of all unread ones.</summary>
    Task<(IReadOnlyList<NotificationRecord> Items, int Unread)> InboxAsync(string recipient, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks the notice read (once: the first reading time stays); false when it is not the recipient's.</summary>
    Task<bool> MarkReadAsync(string id, string recipient, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Open cases whose deadline falls before <paramref name="until"/>.</summary>
    Task<IReadOnlyList<DeadlineCase>> DeadlinesBeforeAsync(DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Outbox rows due for an attempt, each claimed until <paramref name="leaseUntil"/> so that no other silo sends it
    /// meanwhile (a claim left by a crashed process is taken again once its lease ends).
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Records an attempt and the row's new status; <paramref name="nextAttemptAt"/> goes with <see cref="OutboxStatus.Pending"/>.</summary>
    Task RecordAttemptAsync(OutboxItem item, DateTimeOffset at, OutboxStatus status, string? error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default);
}
