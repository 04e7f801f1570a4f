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
}

[GenerateSerializer, Immutable]
public sealed record UnitCommandResult([property: Id(0)] ResponsibleUnit? Unit, [property: Id(1)] RuleViolation? Violation);
