using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notifications;

/// <summary>
/// The accounts and the unit tree the recipients are chosen from, read again after a few seconds (projections come
/// in bursts; an account or scope change shows within the interval).
/// </summary>
public sealed class NotificationDirectory(IUserAccountStore accounts, IUnitCatalog units)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim loading = new(1, 1);
    private (IReadOnlyList<CurrentUser> Users, UnitTree Tree, long LoadedAt)? snapshot;

    public async Task<(IReadOnlyList<CurrentUser> Users, UnitTree Tree)> GetAsync(CancellationToken cancellationToken = default)
    {
        if (snapshot is { } s && Environment.TickCount64 - s.LoadedAt < Fresh.TotalMilliseconds) return (s.Users, s.Tree);
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (snapshot is { } again && Environment.TickCount64 - again.LoadedAt < Fresh.TotalMilliseconds) return (again.Users, again.Tree);
            var users = (await accounts.ListAsync(cancellationToken)).Where(a => a.Active).Select(a => a.ToCurrentUser()).ToList();
            var tree = new UnitTree(await units.ListAsync(cancellationToken));
            snapshot = (users, tree, Environment.TickCount64);
            return (users, tree);
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>The next read loads again (an account or unit changed and must count at once).</summary>
    public void Invalidate() => snapshot = null;

    /// <summary>The usernames an audience of a unit names, by username.</summary>
    public static IReadOnlyList<string> Recipients(NotificationAudience audience, string unit, IReadOnlyList<CurrentUser> users, UnitTree tree) =>
        users.Where(u => Hears(audience, unit, u, tree)).Select(u => u.Username).Order(StringComparer.Ordinal).ToList();

    private static bool Hears(NotificationAudience audience, string unit, CurrentUser user, UnitTree tree) =>
        (audience.HasFlag(NotificationAudience.UnitHandlers) && user.IsInRole(Roles.Handler) && user.Units.Contains(unit))
        || (audience.HasFlag(NotificationAudience.Supervisors) && user.IsInRole(Roles.Supervisor) && Scope.For(user, tree, [Roles.Supervisor]).Includes(unit))
        || (audience.HasFlag(NotificationAudience.Intake) && user.IsInRole(Roles.Intake) && Scope.For(user, tree, [Roles.Intake]).Includes(unit));
}

/// <summary>
/// Turns what happened into notices: the events of a case's latest change (through <see cref="NotificationTriggers"/>),
/// and open cases near or past their deadline (the periodic scan). Stores them with one outbox row per sender.
/// </summary>
public sealed class NotificationPlanner(NotificationDirectory directory, INotificationStore store, IEnumerable<INotificationSender> senders, IClock clock)
{
    private readonly IReadOnlyList<string> channels = senders.Select(s => s.Channel).Distinct().ToList();

    /// <summary>
    /// The notices of the case's latest version. The case is projected after every committed change before the next
    /// one is decided, so each version's events pass here (again after a crash: the ids make that harmless).
    /// </summary>
    public async Task<int> FromCaseAsync(PetitionCase petitionCase, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var entries = petitionCase.Timeline
            .Where(e => e.Version == petitionCase.Version && now - e.At <= NotificationTriggers.EventMaxAge)
            .Select(e => (Entry: e, Trigger: NotificationTriggers.For(e.Event)))
            .Where(x => x.Trigger is not null && (x.Trigger.When is null || x.Trigger.When(petitionCase, x.Entry.Event)))
            .ToList();
        if (entries.Count == 0) return 0;

        var (users, tree) = await directory.GetAsync(cancellationToken);
        var notices = new List<NewNotification>();
        foreach (var (entry, trigger) in entries)
        {
            var unit = trigger!.Unit(petitionCase, entry.Event);
            var due = trigger.Due(petitionCase, entry.Event);
            // Nobody is told of their own action.
            notices.AddRange(NotificationDirectory.Recipients(trigger.Audience, unit, users, tree)
                .Where(u => u != entry.Actor.Id)
                .Select(u => new NewNotification(u, trigger.Kind, petitionCase.CaseNo, entry.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), unit, due, entry.At)));
        }

        return notices.Count == 0 ? 0 : await store.AddAsync(notices, channels, now, cancellationToken);
    }

    /// <summary>
    /// Open cases due within <see cref="NotificationTriggers.DueSoonDays"/> days, or overdue: one notice per deadline
    /// (a new deadline after an extension notifies again).
    /// </summary>
    public async Task<int> FromDeadlinesAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var cases = await store.DeadlinesBeforeAsync(now.AddDays(NotificationTriggers.DueSoonDays), cancellationToken);
        if (cases.Count == 0) return 0;

        var (users, tree) = await directory.GetAsync(cancellationToken);
        var notices = new List<NewNotification>();
        foreach (var c in cases)
        {
            var kind = c.DueAt < now ? NotificationKind.Overdue : NotificationKind.DueSoon;
            var audience = NotificationTriggers.DeadlineAudience(kind, c.Status == nameof(CaseStatus.Registered));
            var reference = c.DueAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            notices.AddRange(NotificationDirectory.Recipients(audience, c.LeadUnit, users, tree)
                .Select(u => new NewNotification(u, kind, c.CaseNo, reference, c.LeadUnit, c.DueAt, now)));
        }

        return notices.Count == 0 ? 0 : await store.AddAsync(notices, channels, now, cancellationToken);
    }
}
