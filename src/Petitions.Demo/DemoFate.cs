using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>Where a demo case ends up. Decided up front, so the numbers are exact.</summary>
public enum DemoFate
{
    NotAccepted,
    /// <summary>Registered, not yet assigned (recent).</summary>
    Unassigned,
    /// <summary>Assigned, not accepted; overdue once its 15 acceptance days are past.</summary>
    AwaitingAcceptance,
    InProgress,
    ExtensionPending,
    ResultSubmitted,
    /// <summary>A dissatisfied callback sent it back to work (on the problem list).</summary>
    Reopened,
    ClosedStage,
    ClosedFinal,
    /// <summary>Sent to the competent body (转送) from registration: counted as diverted, not in the completion rate.</summary>
    Diverted,
}
