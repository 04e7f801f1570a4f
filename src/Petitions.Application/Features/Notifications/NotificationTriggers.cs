using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Notifications;

/// <summary>What a notice is about. The names are stored data and the API's "kind": renaming one is a migration.</summary>
public enum NotificationKind { DueSoon, Overdue, SupervisionIssued, SupervisionReplied, Urgent, ReviewRequested, Returned }

/// <summary>Who hears of a notice, relative to the notice's unit.</summary>
[Flags]
public enum NotificationAudience
{
    None = 0,
    /// <summary>Handlers whose own units include the unit.</summary>
    UnitHandlers = 1,
    /// <summary>Supervisors whose scope (their subtree, or everything) includes the unit.</summary>
    Supervisors = 2,
    /// <summary>Intake staff whose scope includes the unit.</summary>
    Intake = 4,
}

/// <summary>
/// A case event that notifies: its kind, who hears of it, about which unit, the deadline the notice shows, and when the
/// event notifies at all (null: always; e.g. a review decision only when it sets the handling aside).
/// </summary>
public sealed record NotificationTrigger(
    NotificationKind Kind,
    NotificationAudience Audience,
    Func<PetitionCase, CaseEvent, string> Unit,
    Func<PetitionCase, CaseEvent, DateTimeOffset?> Due,
    Func<PetitionCase, CaseEvent, bool>? When = null);

/// <summary>
/// The one table of case events that notify (the deadline notices come from the periodic scan instead). A new event
/// notifies by one row here; the projection and the recipients follow from it.
/// </summary>
public static class NotificationTriggers
{
    /// <summary>How many days before a deadline the "due soon" notice comes.</summary>
    public const int DueSoonDays = 3;

    /// <summary>Timeline entries older than this notify nobody (an imported history, a rebuilt read model: news only).</summary>
    public static readonly TimeSpan EventMaxAge = TimeSpan.FromDays(7);

    private static string LeadUnit(PetitionCase c, CaseEvent _) => c.EffectiveLeadUnit;

    private static DateTimeOffset? CaseDue(PetitionCase c, CaseEvent _) => c.DueAt;

    public static readonly IReadOnlyDictionary<Type, NotificationTrigger> ByEvent = new Dictionary<Type, NotificationTrigger>
    {
        [typeof(SupervisionNoticeIssued)] = new(NotificationKind.SupervisionIssued, NotificationAudience.UnitHandlers, LeadUnit,
            (c, e) => ((SupervisionNoticeIssued)e).ReplyDueAt ?? c.DueAt),
        [typeof(SupervisionNoticeReplied)] = new(NotificationKind.SupervisionReplied, NotificationAudience.Supervisors, LeadUnit, CaseDue),
        [typeof(UrgentFlagged)] = new(NotificationKind.Urgent, NotificationAudience.UnitHandlers | NotificationAudience.Supervisors, LeadUnit, CaseDue),
        [typeof(CaseReopened)] = new(NotificationKind.Returned, NotificationAudience.UnitHandlers, LeadUnit, (_, e) => ((CaseReopened)e).DueAt),
        // 复查 / 复核: the reviewing unit hears of the request (its answer is due 30 days on); a set-aside returns the case.
        [typeof(ReviewRequested)] = new(NotificationKind.ReviewRequested, NotificationAudience.UnitHandlers | NotificationAudience.Supervisors,
            (_, e) => ((ReviewRequested)e).ReviewingUnit, (_, e) => global::Petitions.Domain.Cases.Reviews.AnswerDueAt(((ReviewRequested)e).RequestedAt, [], ((ReviewRequested)e).RequestedAt)),
        [typeof(ReviewDecided)] = new(NotificationKind.Returned, NotificationAudience.UnitHandlers, LeadUnit,
            (c, e) => ((ReviewDecided)e).HandlingDueAt ?? c.DueAt, (_, e) => ((ReviewDecided)e).Outcome == ReviewOutcome.SetAside),
    };

    public static NotificationTrigger? For(CaseEvent caseEvent) => ByEvent.GetValueOrDefault(caseEvent.GetType());

    /// <summary>Who hears that an open case is due soon or overdue: intake while it is unassigned, then the lead unit's handlers; supervisors too when overdue.</summary>
    public static NotificationAudience DeadlineAudience(NotificationKind kind, bool unassigned) =>
        (unassigned ? NotificationAudience.Intake : NotificationAudience.UnitHandlers)
        | (kind == NotificationKind.Overdue ? NotificationAudience.Supervisors : NotificationAudience.None);
}
