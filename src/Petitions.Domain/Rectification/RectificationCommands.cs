using System.Text.Json.Serialization;
using Petitions.Domain.Cases;

namespace Petitions.Domain.Rectification;

/// <summary>Something asked of one rectification task. Decided by <see cref="RectificationRules.Decide"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ImportTaskCommand), "Import")]
[JsonDerivedType(typeof(AssignTaskCommand), "Assign")]
[JsonDerivedType(typeof(ReportProgressCommand), "ReportProgress")]
[JsonDerivedType(typeof(VerifyCompletionCommand), "Verify")]
[JsonDerivedType(typeof(RejectCompletionCommand), "Reject")]
[JsonDerivedType(typeof(ReopenTaskCommand), "Reopen")]
[JsonDerivedType(typeof(LinkTaskCaseCommand), "LinkCase")]
[JsonDerivedType(typeof(UnlinkTaskCaseCommand), "UnlinkCase")]
public abstract record TaskCommand;

/// <summary>
/// A task as a report states it on <paramref name="AsOf"/>: creates the task, or adds the report's status to an
/// existing one (a later report in the same format). <paramref name="Reference"/> names the report (the evidence of
/// a completion the report states).
/// </summary>
public sealed record ImportTaskCommand(string PlanCode, int Seq, string Number, string Problem, RectificationDeadline? Deadline,
    IReadOnlyList<RectificationSubTask> SubTasks, IReadOnlyList<RectificationMeasure> Measures, string StatusAsWritten,
    ProgressStatus Status, DateOnly AsOf, string LeadUnit, string Reference) : TaskCommand;

public sealed record AssignTaskCommand(string LeadUnit, IReadOnlyList<string> CoUnits, string? Leader, int ReportEveryMonths) : TaskCommand;

public sealed record ReportProgressCommand(DateOnly AsOf, ProgressStatus Status, string Text, string? Evidence) : TaskCommand;

public sealed record VerifyCompletionCommand(DateOnly AsOf, string Evidence, string? Note) : TaskCommand;

public sealed record RejectCompletionCommand(string Reason) : TaskCommand;

public sealed record ReopenTaskCommand(string Reason, DateOnly AsOf, RectificationDeadline? NewDeadline) : TaskCommand;

public sealed record LinkTaskCaseCommand(string CaseNo) : TaskCommand;

public sealed record UnlinkTaskCaseCommand(string CaseNo) : TaskCommand;

/// <summary>What happened to a task (the timeline is written from these).</summary>
public abstract record TaskEvent(DateTimeOffset At, Actor Actor);

public sealed record TaskImported(DateTimeOffset At, Actor Actor, ImportTaskCommand Task) : TaskEvent(At, Actor);

public sealed record TaskStatusImported(DateTimeOffset At, Actor Actor, DateOnly AsOf, ProgressStatus Status, string Written, string Reference) : TaskEvent(At, Actor);

public sealed record TaskAssigned(DateTimeOffset At, Actor Actor, string LeadUnit, IReadOnlyList<string> CoUnits, string? Leader, int ReportEveryMonths) : TaskEvent(At, Actor);

public sealed record ProgressReported(DateTimeOffset At, Actor Actor, ProgressReport Report) : TaskEvent(At, Actor);

public sealed record CompletionVerified(DateTimeOffset At, Actor Actor, TaskVerification Verification, ProgressStatus Status) : TaskEvent(At, Actor);

public sealed record CompletionRejected(DateTimeOffset At, Actor Actor, string Reason) : TaskEvent(At, Actor);

public sealed record TaskReopened(DateTimeOffset At, Actor Actor, string Reason, DateOnly AsOf, RectificationDeadline? NewDeadline) : TaskEvent(At, Actor);

public sealed record TaskCaseLinked(DateTimeOffset At, Actor Actor, string CaseNo) : TaskEvent(At, Actor);

public sealed record TaskCaseUnlinked(DateTimeOffset At, Actor Actor, string CaseNo) : TaskEvent(At, Actor);
