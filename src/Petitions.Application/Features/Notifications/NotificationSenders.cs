using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notifications;

/// <summary>What a sender gets: the notice and its text. Case number, kind, unit and deadline only, never the complainant.</summary>
public sealed record OutgoingNotification(string Id, string Recipient, NotificationKind Kind, string CaseNo, string UnitCode, string UnitName, DateTimeOffset? DueAt, string Subject, string Text);

public enum SendOutcome
{
    Sent,
    /// <summary>The channel has no address for the recipient: nothing to retry.</summary>
    NoAddress,
}

/// <summary>
/// One way a notice leaves the system (the log, e-mail, an SMS gateway). A failure throws: the outbox retries it with
/// backoff. Implementations live in the Infrastructure and are chosen by settings.
/// </summary>
public interface INotificationSender
{
    /// <summary>The outbox's name for the channel ("log", "email", "sms"): stored data.</summary>
    string Channel { get; }

    Task<SendOutcome> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>The text of a notice as the senders send it (Simplified Chinese, the working language of the units).</summary>
public static class NotificationText
{
    public static string Subject(NotificationKind kind) => kind switch
    {
        NotificationKind.DueSoon => "信访件临近期限",
        NotificationKind.Overdue => "信访件已超期",
        NotificationKind.SupervisionIssued => "收到督办通知",
        NotificationKind.SupervisionReplied => "督办通知已回复",
        NotificationKind.Urgent => "重大紧急信访件",
        NotificationKind.ReviewRequested => "收到复查（复核）申请",
        NotificationKind.Returned => "信访件退回重办",
        _ => kind.ToString(),
    };

    public static string Compose(NotificationKind kind, string caseNo, string unitName, DateTimeOffset? dueAt)
    {
        var due = dueAt is { } d ? $"，期限 {ChinaTime.DateOf(d):yyyy-MM-dd}" : "";
        return $"【信访件提醒】{Subject(kind)}：{caseNo}（{unitName}）{due}。请登录系统查看。";
    }
}
