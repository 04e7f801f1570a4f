using Petitions.Domain.Cases;

namespace Petitions.Contracts.Cases;

/// <summary>One petition case (key: case number): its state, its timeline, and the only place it changes.</summary>
public interface IPetitionCaseGrain : IGrainWithStringKey
{
    /// <summary>Decides the command with the domain rules, persists the change, updates the read model, then answers.</summary>
    Task<CaseCommandResult> Execute(CaseCommand command, CommandMeta meta);

    Task<PetitionCase?> Get();
}

/// <summary>Who sends a command, and the client's guards: an idempotency key and the version it has seen.</summary>
[GenerateSerializer, Immutable]
public sealed record CommandMeta(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string? IdempotencyKey = null,
    [property: Id(2)] int? ExpectedVersion = null);

[GenerateSerializer, Immutable]
public sealed record CaseCommandResult(
    [property: Id(0)] PetitionCase? Case,
    [property: Id(1)] RuleViolation? Violation,
    [property: Id(2)] bool Replayed)
{
    public static CaseCommandResult Refused(PetitionCase? current, RuleViolation violation) => new(current, violation, false);
}
