using Petitions.Domain.Cases;

namespace Petitions.Contracts.Cases;

/// <summary>One petition case (key: case number): its state, its timeline, and the only place it changes.</summary>
public interface IPetitionCaseGrain : IGrainWithStringKey
{
    /// <summary>Decides the command with the domain rules, persists the change, updates the read model, then answers.</summary>
    Task<CaseCommandResult> Execute(CaseCommand command, CommandMeta meta);

    Task<PetitionCase?> Get();

    /// <summary>
    /// Writes the stored state again, unchanged (no new version): its complainant identity is sealed under the
    /// identity key now in force. False when there is no case.
    /// </summary>
    Task<bool> Reseal();
}

/// <summary>Who sends a command, and the client's guards: an idempotency key and the version it has seen.</summary>
[GenerateSerializer, Immutable]
public sealed record CommandMeta(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string? IdempotencyKey = null,
    [property: Id(2)] int? ExpectedVersion = null);

/// <summary>The case after the command, the refusal if any, and what became of the command (see docs/idempotency.md).</summary>
[GenerateSerializer, Immutable]
public sealed record CaseCommandResult(
    [property: Id(0)] PetitionCase? Case,
    [property: Id(1)] RuleViolation? Violation,
    [property: Id(2)] CommandOutcome Outcome)
{
    public static CaseCommandResult Refused(PetitionCase? current, RuleViolation violation) => new(current, violation, CommandOutcome.Refused);
}

/// <summary>What became of a command sent to a case grain.</summary>
[GenerateSerializer]
public enum CommandOutcome
{
    /// <summary>Decided and written: the case has a new version.</summary>
    Applied,
    /// <summary>Its idempotency key was processed before: the case as it is now, nothing decided or written again.</summary>
    ReplayedFromKey,
    /// <summary>Decided, and the case already was as the command asks (registered, linked, recorded): nothing written.</summary>
    AlreadyInEffect,
    /// <summary>A rule refused it (see the violation): nothing written.</summary>
    Refused,
}
