using Orleans.Concurrency;
using Petitions.Domain.Cases;
using Petitions.Domain.Units;

namespace Petitions.Contracts.Units;

/// <summary>One responsible unit (key: unit code): profile, problem-list defaults, supervision notices.</summary>
public interface IResponsibleUnitGrain : IGrainWithStringKey
{
    Task<ResponsibleUnit?> Get();

    /// <summary>The defaults for automatic problem-list entries (falls back to the standard ones for unknown units).</summary>
    Task<ProblemDefaults> GetProblemDefaults();

    /// <summary>Creates the unit; refused (UnitExists) when the code is taken. Codes are permanent.</summary>
    Task<UnitCommandResult> Create(UnitChange profile);

    Task<UnitCommandResult> Update(UnitChange change);

    Task<UnitCommandResult> IssueNotice(string note, DateTimeOffset? replyDueAt, Actor actor);

    Task<UnitCommandResult> ReplyNotice(int noticeNo, string reply, Actor actor);

    /// <summary>
    /// The unit's live statistics (its own cases and those of every unit below it), from the counters it keeps in
    /// memory: read on the first call and again after it was told they changed; Overdue judged now.
    /// </summary>
    Task<UnitStatistics> GetStatistics();

    /// <summary>
    /// Told (one-way) after a commit changed the counters of cases led by this unit or a unit below it: the next
    /// <see cref="GetStatistics"/> reads them again. The unit passes it on to its parent; <paramref name="told"/> holds
    /// the units already told on this path (a cycle in the tree ends there).
    /// </summary>
    [OneWay]
    Task CountersChanged(IReadOnlyList<string> told);
}

[GenerateSerializer, Immutable]
public sealed record UnitCommandResult([property: Id(0)] ResponsibleUnit? Unit, [property: Id(1)] RuleViolation? Violation);
