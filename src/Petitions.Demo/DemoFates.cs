using Petitions.Domain.Cases;

namespace Petitions.Demo;

public static class DemoFates
{
    public static CaseStatus Status(this DemoFate fate) => fate switch
    {
        DemoFate.NotAccepted => CaseStatus.NotAccepted,
        DemoFate.Unassigned => CaseStatus.Registered,
        DemoFate.AwaitingAcceptance => CaseStatus.Assigned,
        DemoFate.InProgress or DemoFate.ExtensionPending or DemoFate.Reopened => CaseStatus.InProgress,
        DemoFate.ResultSubmitted => CaseStatus.ResultSubmitted,
        DemoFate.Diverted => CaseStatus.Diverted,
        _ => CaseStatus.Closed,
    };

    public static bool IsClosed(this DemoFate fate) => fate is DemoFate.ClosedStage or DemoFate.ClosedFinal;

    public static bool HasResult(this DemoFate fate) => fate is DemoFate.ResultSubmitted or DemoFate.Reopened || fate.IsClosed();

    public static bool IsAccepted(this DemoFate fate) => fate is not (DemoFate.NotAccepted or DemoFate.Unassigned or DemoFate.AwaitingAcceptance or DemoFate.Diverted);
}
