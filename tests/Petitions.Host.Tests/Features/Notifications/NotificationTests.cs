using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Features.Notifications;
using Petitions.Host.Notifications;
using Petitions.Host.Tests.Infrastructure;
using static Petitions.Host.Tests.Infrastructure.CaseDriver;

namespace Petitions.Host.Tests.Features.Notifications;

/// <summary>
/// A gateway the test switches off and on per case: while a case's number is in <see cref="Down"/>, its notices fail
/// to send; every notice handed over is kept.
/// </summary>
public sealed class GatewayDouble : INotificationSender
{
    public ConcurrentDictionary<string, bool> Down { get; } = new();

    public ConcurrentQueue<OutgoingNotification> Received { get; } = new();

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public string Channel => "gateway";

    public Task<SendOutcome> SendAsync(OutgoingNotification notification, CancellationToken cancellationToken = default)
    {
        Calls.AddOrUpdate(notification.CaseNo, 1, (_, n) => n + 1);
        if (Down.ContainsKey(notification.CaseNo)) throw new HttpRequestException("The gateway answered 503.");
        Received.Enqueue(notification);
        return Task.FromResult(SendOutcome.Sent);
    }
}

/// <summary>A host with the gateway double as a second channel; the timer's own runs are an hour apart (tests run the worker).</summary>
public class NotificationHost(Profile profile, string? location = null) : PetitionsHost(profile, location, new Dictionary<string, string?> { ["Notifications:PollSeconds"] = "3600" })
{
    public GatewayDouble Gateway { get; } = new();

    public Task RunWorker() => Services.GetRequiredService<NotificationWorker>().RunOnceAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<INotificationSender>(Gateway));
    }
}

public sealed class SqliteNotificationHost() : NotificationHost(Profile.Sqlite);

public sealed class PostgresNotificationHost() : NotificationHost(Profile.Postgres);

/// <summary>
/// Notifications: each trigger gives one notice to each recipient the rules name (docs/domain-rules.md) and to nobody
/// else, never twice (a second scan, a replayed projection, a restart); the outbox retries a failing channel and sends
/// once; no notice carries the complainant; a notice is its recipient's alone.
/// </summary>
public abstract class NotificationTests(NotificationHost host)
{
    private readonly CaseDriver steps = new(host);

    /// <summary>Every signed-in demo account but the auditor (who works no case).</summary>
    private static readonly string[] Everyone = ["intake", "supervisor", "admin", $"handler.{Lead}", $"handler.{CoUnit}", $"handler.{Elsewhere}"];

    private async Task<JsonNode> Inbox(string user) => await (await steps.As(user)).GetJson("/api/notifications");

    private async Task<IReadOnlyList<JsonNode>> Notices(string user, string caseNo, string kind) =>
        (await Inbox(user))["items"]!.AsArray().Where(n => n!["caseNo"]!.GetValue<string>() == caseNo && n["kind"]!.GetValue<string>() == kind).Select(n => n!).ToList();

    /// <summary>Who has a notice of this kind for the case, and how many each (the expectation: one each, for exactly these).</summary>
    private async Task AssertRecipients(string caseNo, string kind, params string[] expected)
    {
        var found = new Dictionary<string, int>();
        foreach (var user in Everyone)
        {
            var count = (await Notices(user, caseNo, kind)).Count;
            if (count > 0) found[user] = count;
        }

        Assert.Equal(expected.Order().Select(u => $"{u}:1"), found.OrderBy(f => f.Key).Select(f => $"{f.Key}:{f.Value}"));
    }

    [Fact]
    public async Task Deadline_scan_notifies_due_soon_and_overdue_cases_once_per_recipient()
    {
        var unassignedDueSoon = await steps.Registered(receivedAt: steps.Now.AddDays(-13));
        var assignedDueSoon = await steps.Assigned(receivedAt: steps.Now.AddDays(-13));
        var overdue = await steps.Assigned(receivedAt: steps.Now.AddDays(-20));
        var notYet = await steps.Assigned(receivedAt: steps.Now.AddDays(-10));

        await host.RunWorker();
        await host.RunWorker();

        // Unassigned: intake must act; assigned: the lead unit's handlers; overdue: the supervisor as well.
        await AssertRecipients(unassignedDueSoon, "DueSoon", "intake");
        await AssertRecipients(assignedDueSoon, "DueSoon", $"handler.{Lead}");
        await AssertRecipients(overdue, "Overdue", $"handler.{Lead}", "supervisor");
        await AssertRecipients(overdue, "DueSoon");
        await AssertRecipients(notYet, "DueSoon");
        await AssertRecipients(notYet, "Overdue");

        var notice = (await Notices($"handler.{Lead}", overdue, "Overdue")).Single();
        Assert.Equal(Lead, notice["unitCode"]!.GetValue<string>());
        Assert.NotNull(notice["dueAt"]);
        Assert.Null(notice["readAt"]);
    }

    [Fact]
    public async Task Case_events_notify_the_people_they_concern_once()
    {
        var caseNo = await steps.InProgress();
        var supervisor = await steps.Supervisor;
        var handler = await steps.LeadHandler;

        await Act(supervisor, caseNo, "supervise", new { note = "请加快办理", replyDueAt = steps.Now.AddDays(5) });
        await AssertRecipients(caseNo, "SupervisionIssued", $"handler.{Lead}");

        await Act(handler, caseNo, "supervision/1/reply", new { reply = "已加快办理" });
        await AssertRecipients(caseNo, "SupervisionReplied", "supervisor");

        // Flagged by intake: the lead unit's handlers and the supervisor hear of it (not the one who flagged it).
        await Act(await steps.Intake, caseNo, "urgent", new { kind = "Emergency", reason = "河流出现大面积死鱼" });
        await AssertRecipients(caseNo, "Urgent", $"handler.{Lead}", "supervisor");

        // Reading the case and running the scan again add nothing.
        await (await steps.Supervisor).GetJson($"/api/petitions/{caseNo}");
        await host.RunWorker();
        await AssertRecipients(caseNo, "SupervisionIssued", $"handler.{Lead}");
        await AssertRecipients(caseNo, "Urgent", $"handler.{Lead}", "supervisor");
    }

    [Fact]
    public async Task A_reopened_case_is_returned_to_its_lead_units_handlers()
    {
        var caseNo = await steps.Closed();
        await Act(await steps.Supervisor, caseNo, "reopen", new { reason = "群众再次反映", target = "彻底整改", dueAt = steps.Now.AddDays(10), responsiblePerson = "王局长" });
        await AssertRecipients(caseNo, "Returned", $"handler.{Lead}");
        var notice = (await Notices($"handler.{Lead}", caseNo, "Returned")).Single();
        Assert.True(notice["dueAt"]!.GetValue<DateTimeOffset>() > steps.Now.AddDays(9));
    }

    [Fact]
    public async Task A_review_request_reaches_the_reviewing_unit_and_a_set_aside_returns_the_case_to_its_lead_unit()
    {
        var caseNo = await steps.ResultSubmitted(new CaseSpec(), Lead, global::Petitions.Domain.Cases.Verdict.Substantiated);
        var intake = await steps.Intake;
        await Act(intake, caseNo, "deliveries", new { document = "handling-opinion", method = "Post", deliveredAt = steps.Now });
        await Act(intake, caseNo, "reviews", new { level = "Review", requestedAt = steps.Now, reason = "对处理意见不服" });

        // 复查 goes one level up (650000 reviews 654000): its handlers and the supervisor hear of it, the lead unit does not.
        const string reviewer = "handler.650000";
        var request = Assert.Single(await Notices(reviewer, caseNo, "ReviewRequested"));
        Assert.Equal("650000", request["unitCode"]!.GetValue<string>());
        await AssertRecipients(caseNo, "ReviewRequested", "supervisor");

        await Act(await steps.As(reviewer), caseNo, "reviews/1/decision", new { outcome = "SetAside", opinion = "事实不清，撤销原处理意见，重新办理。" });
        await AssertRecipients(caseNo, "Returned", $"handler.{Lead}");
        Assert.Empty(await Notices(reviewer, caseNo, "Returned"));
    }

    [Fact]
    public async Task A_notice_is_its_recipients_alone_and_reading_it_lowers_the_badge()
    {
        var caseNo = await steps.InProgress();
        await Act(await steps.Supervisor, caseNo, "supervise", new { note = "请尽快回复" });
        var notice = (await Notices($"handler.{Lead}", caseNo, "SupervisionIssued")).Single();
        var id = notice["id"]!.GetValue<string>();
        var unread = (await Inbox($"handler.{Lead}"))["unread"]!.GetValue<int>();
        Assert.True(unread >= 1);

        foreach (var other in Everyone.Where(u => u != $"handler.{Lead}"))
        {
            var response = await (await steps.As(other)).PostAsync($"/api/notifications/{id}/read", null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal(unread, (await Inbox($"handler.{Lead}"))["unread"]!.GetValue<int>());
        var owner = await steps.LeadHandler;
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
        var after = await Inbox($"handler.{Lead}");
        Assert.Equal(unread - 1, after["unread"]!.GetValue<int>());
        Assert.NotNull(after["items"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id)!["readAt"]);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.PostAsync("/api/notifications/no-such-notice/read", null)).StatusCode);
    }

    [Fact]
    public async Task A_failing_channel_is_retried_with_backoff_and_sends_each_notice_once()
    {
        var caseNo = await steps.InProgress();
        host.Gateway.Down[caseNo] = true;
        await Act(await steps.Supervisor, caseNo, "supervise", new { note = "请加快办理" });

        await host.RunWorker();
        Assert.Equal(1, host.Gateway.Calls.GetValueOrDefault(caseNo));
        // Not due again before the backoff has passed.
        await host.RunWorker();
        Assert.Equal(1, host.Gateway.Calls.GetValueOrDefault(caseNo));

        host.Clock.Advance(NotificationOutbox.Backoff(1) + TimeSpan.FromSeconds(1));
        await host.RunWorker();
        Assert.Equal(2, host.Gateway.Calls.GetValueOrDefault(caseNo));

        host.Gateway.Down.TryRemove(caseNo, out _);
        host.Clock.Advance(NotificationOutbox.Backoff(2) + TimeSpan.FromSeconds(1));
        await host.RunWorker();
        host.Clock.Advance(NotificationOutbox.LongestRetry);
        await host.RunWorker();
        Assert.Equal(3, host.Gateway.Calls.GetValueOrDefault(caseNo));

        var sent = host.Gateway.Received.Where(n => n.CaseNo == caseNo).ToList();
        var notice = Assert.Single(sent);
        Assert.Equal($"handler.{Lead}", notice.Recipient);
        Assert.Contains(caseNo, notice.Text);
        var id = notice.Id;
        Assert.Equal("Sent", await host.Scalar<string>("SELECT status FROM notification_outbox WHERE notification_id = @id AND channel = 'gateway'", new { id }));
        Assert.Equal(3L, await host.Scalar<long>("SELECT COUNT(*) FROM notification_attempts WHERE notification_id = @id AND channel = 'gateway'", new { id }));
        Assert.Equal(1L, await host.Scalar<long>("SELECT COUNT(*) FROM notification_attempts WHERE notification_id = @id AND channel = 'gateway' AND succeeded = 1", new { id }));
        // The default log channel sent it at the first run.
        Assert.Equal("Sent", await host.Scalar<string>("SELECT status FROM notification_outbox WHERE notification_id = @id AND channel = 'log'", new { id }));
    }

    [Fact]
    public async Task No_notice_carries_the_complainant()
    {
        var caseNo = await steps.Assigned(receivedAt: steps.Now.AddDays(-20));
        await Act(await steps.Intake, caseNo, "urgent", new { kind = "MassIncident", reason = "村民聚集" });
        await host.RunWorker();

        var sent = host.Gateway.Received.Where(n => n.CaseNo == caseNo).ToList();
        Assert.NotEmpty(sent);
        foreach (var text in sent.Select(n => string.Join("\n", n.Subject, n.Text, n.Recipient, n.UnitName)))
        {
            Assert.DoesNotContain(ComplainantName, text);
            Assert.DoesNotContain(ComplainantPhone, text);
        }

        foreach (var user in Everyone)
        {
            var inbox = (await Inbox(user)).ToJsonString();
            Assert.DoesNotContain(ComplainantName, inbox);
            Assert.DoesNotContain(ComplainantPhone, inbox);
        }
    }
}

public sealed class NotificationsOnSqlite(SqliteNotificationHost host) : NotificationTests(host), IClassFixture<SqliteNotificationHost>;

public sealed class NotificationsOnPostgres(PostgresNotificationHost host) : NotificationTests(host), IClassFixture<PostgresNotificationHost>;

/// <summary>A restart on the same database: the scan, the projections and the outbox run again, and nobody hears twice.</summary>
public sealed class NotificationRestartTests
{
    [Theory]
    [InlineData(Profile.Sqlite)]
    [InlineData(Profile.Postgres)]
    public async Task No_notice_is_made_or_sent_twice_across_a_restart(Profile profile)
    {
        string overdue, supervised, location;
        long notices, sent;
        await using (var first = new NotificationHost(profile))
        {
            location = first.HandOverDatabase();
            var steps = new CaseDriver(first);
            overdue = await steps.Assigned(receivedAt: steps.Now.AddDays(-20));
            supervised = await steps.InProgress();
            await Act(await steps.Supervisor, supervised, "supervise", new { note = "请加快办理" });
            await first.RunWorker();
            notices = await first.Scalar<long>("SELECT COUNT(*) FROM notifications");
            sent = await first.Scalar<long>("SELECT COUNT(*) FROM notification_attempts WHERE succeeded = 1");
            Assert.Equal(1L, await first.Scalar<long>("SELECT COUNT(*) FROM notifications WHERE case_no = @overdue AND recipient = 'supervisor'", new { overdue }));
            Assert.Equal(1L, await first.Scalar<long>("SELECT COUNT(*) FROM notifications WHERE case_no = @supervised AND kind = 'SupervisionIssued'", new { supervised }));
        }

        await using var second = new NotificationHost(profile, location) { OwnsDatabase = true };
        var again = new CaseDriver(second);
        // Activations publish both cases again; the scan and the outbox run again.
        await again.Read(overdue);
        await again.Read(supervised);
        await second.RunWorker();
        await second.RunWorker();

        Assert.Equal(notices, await second.Scalar<long>("SELECT COUNT(*) FROM notifications"));
        Assert.Equal(sent, await second.Scalar<long>("SELECT COUNT(*) FROM notification_attempts WHERE succeeded = 1"));
        Assert.Equal(0L, await second.Scalar<long>("SELECT COUNT(*) FROM notification_outbox WHERE status <> 'Sent'"));
        Assert.Single((await (await again.Supervisor).GetJson("/api/notifications"))["items"]!.AsArray(),
            n => n!["caseNo"]!.GetValue<string>() == overdue && n["kind"]!.GetValue<string>() == "Overdue");
    }
}
