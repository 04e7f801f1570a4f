using System.Net;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Petitions.Application.Features.Notifications;

namespace Petitions.Infrastructure.Notifications;

/// <summary>The default channel: one log line per notice (case number, kind, unit, recipient; nothing of the complainant).</summary>
public sealed class LogNotificationSender(ILogger<LogNotificationSender> logger) : INotificationSender
{
    public string Channel => "log";

    public Task<SendOutcome> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Notification {Id} to {Recipient}: {Kind} {CaseNo} ({Unit}) due {DueAt}",
            notification.Id, notification.Recipient, notification.Kind, notification.CaseNo, notification.UnitCode, notification.DueAt);
        return Task.FromResult(SendOutcome.Sent);
    }
}

/// <summary>E-mail through an SMTP server (settings Notifications:Email), to the recipient's address under Contacts.</summary>
public sealed class EmailNotificationSender(NotificationSettings settings) : INotificationSender
{
    public string Channel => "email";

    public async Task<SendOutcome> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
    {
        if (!settings.Contacts.TryGetValue(notification.Recipient, out var contact) || string.IsNullOrWhiteSpace(contact.Email)) return SendOutcome.NoAddress;
        var email = settings.Email;
        using var client = new SmtpClient(email.SmtpHost, email.Port) { EnableSsl = email.EnableSsl };
        if (!string.IsNullOrEmpty(email.UserName)) client.Credentials = new NetworkCredential(email.UserName, email.Password);
        using var message = new MailMessage(email.From, contact.Email)
        {
            Subject = notification.Subject,
            Body = notification.Text,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        await client.SendMailAsync(message, cancellationToken);
        return SendOutcome.Sent;
    }
}

/// <summary>SMS through an HTTP gateway (settings Notifications:Sms), to the recipient's phone under Contacts; any non-2xx answer is a failure.</summary>
public sealed class SmsNotificationSender(NotificationSettings settings) : INotificationSender, IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.Sms.TimeoutSeconds)) };

    public string Channel => "sms";

    public async Task<SendOutcome> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
    {
        if (!settings.Contacts.TryGetValue(notification.Recipient, out var contact) || string.IsNullOrWhiteSpace(contact.Phone)) return SendOutcome.NoAddress;
        var sms = settings.Sms;
        var json = sms.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        string Escape(string value) => json ? JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() : Uri.EscapeDataString(value);
        var body = sms.Template
            .Replace("{phone}", Escape(contact.Phone), StringComparison.Ordinal)
            .Replace("{text}", Escape(notification.Text), StringComparison.Ordinal)
            .Replace("{caseNo}", Escape(notification.CaseNo), StringComparison.Ordinal)
            .Replace("{kind}", Escape(notification.Kind.ToString()), StringComparison.Ordinal)
            .Replace("{id}", Escape(notification.Id), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url) { Content = new StringContent(body, Encoding.UTF8, sms.ContentType) };
        if (!string.IsNullOrEmpty(sms.Authorization)) request.Headers.TryAddWithoutValidation("Authorization", sms.Authorization);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return SendOutcome.Sent;
    }

    public void Dispose() => http.Dispose();
}
