using Dapper;
using Petitions.Application.Features.Notifications;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Notifications;

/// <summary>The notifications, notification_outbox and notification_attempts tables, and the deadline scan of case_index.</summary>
public sealed class NotificationStore(IDatabase database) : INotificationStore
{
    /// <summary>What a query reads: settable properties (SQLite returns integers as Int64, PostgreSQL as declared).</summary>
    private sealed class NotificationRow
    {
        public string Id { get; set; } = "";
        public string Recipient { get; set; } = "";
        public string Kind { get; set; } = "";
        public string CaseNo { get; set; } = "";
        public string UnitCode { get; set; } = "";
        public long? DueAt { get; set; }
        public long CreatedAt { get; set; }
        public long? ReadAt { get; set; }
        public string Channel { get; set; } = "";
        public long Attempts { get; set; }

        public NotificationRecord ToRecord() => new(Id, Recipient, Enum.Parse<NotificationKind>(Kind), CaseNo, UnitCode,
            SqlTime.FromMs(DueAt), SqlTime.FromMs(CreatedAt), SqlTime.FromMs(ReadAt));
    }

    private sealed class DeadlineRow
    {
        public string CaseNo { get; set; } = "";
        public string Status { get; set; } = "";
        public string LeadUnit { get; set; } = "";
        public long DueAt { get; set; }
    }

    private const string Columns =
        "n.id AS Id, n.recipient AS Recipient, n.kind AS Kind, n.case_no AS CaseNo, n.unit_code AS UnitCode, n.due_at AS DueAt, n.created_at AS CreatedAt, n.read_at AS ReadAt";

    public async Task<int> AddAsync(IReadOnlyList<NewNotification> notifications, IReadOnlyList<string> channels, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var rows = notifications.DistinctBy(n => n.Id).Select(n => new
        {
            n.Id, n.Recipient, Kind = n.Kind.ToString(), n.CaseNo, n.Ref, n.UnitCode, DueAt = SqlTime.ToMs(n.DueAt), CreatedAt = SqlTime.ToMs(n.CreatedAt),
        }).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var row in rows)
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notifications (id, recipient, kind, case_no, ref, unit_code, due_at, created_at, read_at)
                VALUES (@Id, @Recipient, @Kind, @CaseNo, @Ref, @UnitCode, @DueAt, @CreatedAt, NULL)
                ON CONFLICT (id) DO NOTHING
                """, row, transaction, cancellationToken: cancellationToken));
            if (inserted == 0) continue;
            added++;
            // Only a new notice goes to the outbox: a notice seen again is never sent again.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO notification_outbox (notification_id, channel, status, attempts, next_attempt_at, lease_until, last_error, sent_at)
                VALUES (@Id, @Channel, 'Pending', 0, @Now, NULL, NULL, NULL)
                ON CONFLICT (notification_id, channel) DO NOTHING
                """, channels.Select(c => new { row.Id, Channel = c, Now = SqlTime.ToMs(now) }), transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<(IReadOnlyList<NotificationRecord> Items, int Unread)> InboxAsync(string recipient, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM notifications n WHERE n.recipient = @Recipient ORDER BY n.created_at DESC, n.id LIMIT @Limit",
            new { Recipient = recipient, Limit = limit }, cancellationToken: cancellationToken));
        var unread = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM notifications WHERE recipient = @Recipient AND read_at IS NULL", new { Recipient = recipient }, cancellationToken: cancellationToken));
        return (rows.Select(r => r.ToRecord()).ToList(), (int)unread);
    }

    public async Task<bool> MarkReadAsync(string id, string recipient, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var mine = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM notifications WHERE id = @Id AND recipient = @Recipient", new { Id = id, Recipient = recipient }, cancellationToken: cancellationToken));
        if (mine == 0) return false;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET read_at = @At WHERE id = @Id AND recipient = @Recipient AND read_at IS NULL",
            new { Id = id, Recipient = recipient, At = SqlTime.ToMs(at) }, cancellationToken: cancellationToken));
        return true;
    }

    public async Task<IReadOnlyList<DeadlineCase>> DeadlinesBeforeAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeadlineRow>(new CommandDefinition(
            """
            SELECT case_no AS CaseNo, status AS Status, lead_unit AS LeadUnit, due_at AS DueAt
            FROM case_index WHERE is_open = 1 AND due_at IS NOT NULL AND due_at < @Until
            ORDER BY due_at, case_no
            """, new { Until = SqlTime.ToMs(until) }, cancellationToken: cancellationToken));
        return rows.Select(r => new DeadlineCase(r.CaseNo, r.Status, r.LeadUnit, SqlTime.FromMs(r.DueAt))).ToList();
    }

    private const string Claimable =
        "((o.status = 'Pending' AND o.next_attempt_at <= @Now) OR (o.status = 'Sending' AND o.lease_until < @Now))";

    public async Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var candidates = (await connection.QueryAsync<NotificationRow>(new CommandDefinition(
            $"""
            SELECT {Columns}, o.channel AS Channel, o.attempts AS Attempts
            FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id
            WHERE {Claimable}
            ORDER BY o.next_attempt_at, o.notification_id, o.channel
            LIMIT @Max
            """, new { Now = SqlTime.ToMs(now), Max = max }, cancellationToken: cancellationToken))).ToList();

        var claimed = new List<OutboxItem>();
        foreach (var row in candidates)
        {
            // The condition again: of two silos claiming the same row, one changes it and the other finds nothing.
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE notification_outbox SET status = 'Sending', lease_until = @LeaseUntil
                WHERE notification_id = @Id AND channel = @Channel AND attempts = @Attempts
                  AND ((status = 'Pending' AND next_attempt_at <= @Now) OR (status = 'Sending' AND lease_until < @Now))
                """, new { row.Id, row.Channel, row.Attempts, Now = SqlTime.ToMs(now), LeaseUntil = SqlTime.ToMs(leaseUntil) }, cancellationToken: cancellationToken));
            if (taken == 1) claimed.Add(new OutboxItem(row.ToRecord(), row.Channel, (int)row.Attempts));
        }

        return claimed;
    }

    public async Task RecordAttemptAsync(OutboxItem item, DateTimeOffset at, OutboxStatus status, string? error, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default)
    {
        var attempt = item.Attempts + 1;
        var args = new
        {
            item.Notification.Id, item.Channel, Attempt = attempt, At = SqlTime.ToMs(at), Status = status.ToString(),
            Error = error is null ? null : error[..Math.Min(error.Length, 500)],
            Next = SqlTime.ToMs(nextAttemptAt ?? at), SentAt = status == OutboxStatus.Sent ? SqlTime.ToMs(at) : (long?)null,
            Succeeded = status == OutboxStatus.Sent ? 1 : 0,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE notification_outbox SET status = @Status, attempts = @Attempt, next_attempt_at = @Next, lease_until = NULL,
                last_error = @Error, sent_at = @SentAt
            WHERE notification_id = @Id AND channel = @Channel
            """, args, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO notification_attempts (notification_id, channel, attempt, attempted_at, succeeded, error)
            VALUES (@Id, @Channel, @Attempt, @At, @Succeeded, @Error)
            ON CONFLICT (notification_id, channel, attempt) DO NOTHING
            """, args, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
