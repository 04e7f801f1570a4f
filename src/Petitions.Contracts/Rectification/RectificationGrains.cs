using Petitions.Domain.Cases;
using Petitions.Domain.Rectification;

namespace Petitions.Contracts.Rectification;

/// <summary>One rectification task (key: task id, e.g. "R2-650000-19"): its state, timeline and links.</summary>
public interface IRectificationTaskGrain : IGrainWithStringKey
{
    Task<RectificationTask?> Get();

    /// <summary>Decides with <see cref="RectificationRules"/>, persists, projects; a refusal changes nothing.</summary>
    Task<TaskCommandResult> Execute(TaskCommand command, Actor actor);
}

/// <summary>One rectification plan (key: plan code, e.g. "R2-650000").</summary>
public interface IRectificationPlanGrain : IGrainWithStringKey
{
    Task<RectificationPlan?> Get();

    /// <summary>Creates the plan or records a newer report in it (name, as-of date, new tasks); persisted and projected.</summary>
    Task<RectificationPlan> RecordReport(RectificationPlanDraft draft);
}

[GenerateSerializer, Immutable]
public sealed record TaskCommandResult([property: Id(0)] RectificationTask? Task, [property: Id(1)] RuleViolation? Violation);

/// <summary>What an import knows of a plan.</summary>
[GenerateSerializer, Immutable]
public sealed record RectificationPlanDraft(
    [property: Id(0)] string Name,
    [property: Id(1)] string ShortName,
    [property: Id(2)] string OwnerUnit,
    [property: Id(3)] string RoundCode,
    [property: Id(4)] DateOnly AsOf,
    [property: Id(5)] IReadOnlyList<string> TaskIds);

/// <summary>Names of the persisted grain states of the ledger (the GrainTypeString column). Stored data: never rename.</summary>
public static class RectificationStateNames
{
    public const string Task = "rectification-task";
    public const string Plan = "rectification-plan";
}

/// <summary>The stored state of a task grain. Versioned deliberately: renaming a stored property is a migration.</summary>
public sealed class RectificationTaskState
{
    public const int CurrentSchema = 1;
    public int SchemaVersion { get; set; } = CurrentSchema;
    public RectificationTask? Task { get; set; }
}

public sealed class RectificationPlanState
{
    public const int CurrentSchema = 1;
    public int SchemaVersion { get; set; } = CurrentSchema;
    public RectificationPlan? Plan { get; set; }
}
