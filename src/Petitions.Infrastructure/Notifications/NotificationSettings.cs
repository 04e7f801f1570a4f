namespace Petitions.Infrastructure.Notifications;

/// <summary>
/// Settings "Notifications": how often the deadline scan and the outbox run, and the channels. The log channel is on
/// by default; e-mail is on when an SMTP host is set, SMS when a gateway URL is set. Addresses are per username under
/// Contacts (a recipient without one is recorded as NoAddress for that channel).
/// </summary>
public sealed class NotificationSettings
{
    public const string Section = "Notifications";

    /// <summary>Seconds between runs of the deadline scan and the outbox (each silo runs them; the ids and claims keep them single).</summary>
    public int PollSeconds { get; set; } = 30;

    public LogChannelSettings Log { get; set; } = new();

    public EmailChannelSettings Email { get; set; } = new();

    public SmsChannelSettings Sms { get; set; } = new();

    public Dictionary<string, NotificationContact> Contacts { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class LogChannelSettings
{
    public bool Enabled { get; set; } = true;
}

public sealed class EmailChannelSettings
{
    public string? SmtpHost { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "petitions@localhost";
}

/// <summary>
/// An HTTP gateway: POST to <see cref="Url"/> a body made from <see cref="Template"/>, where {phone}, {text}, {caseNo},
/// {kind} and {id} are replaced (escaped for JSON or for a form, after <see cref="ContentType"/>).
/// </summary>
public sealed class SmsChannelSettings
{
    public string? Url { get; set; }
    public string Template { get; set; } = """{"phone":"{phone}","text":"{text}","id":"{id}"}""";
    public string ContentType { get; set; } = "application/json";
    /// <summary>Sent as the Authorization header when set (e.g. "Bearer …").</summary>
    public string? Authorization { get; set; }
    public int TimeoutSeconds { get; set; } = 10;
}

public sealed class NotificationContact
{
    public string? Email { get; set; }
    public string? Phone { get; set; }
}
