using Petitions.Domain.Cases;

namespace Petitions.Contracts.Cases;

/// <summary>One petition case (key: case number): its state, its timeline, and the only place it changes.</summary>
public interface IPetitionCaseGrain : IGrainWithStringKey
{
    /// <summary>Decides the command with the domain rules, persists the change, updates the read model, then answers.</summary>
    Task<CaseCommandResult> Execute(CaseCommand command, CommandMeta meta);

    Task<PetitionCase?> Get();

    /// <summary>
    /// Brings a new case in with its past (<see cref="CaseHistoryReplay"/>): every step decided by the domain rules at its
    /// own date, then written at once and marked as imported by <paramref name="meta"/>'s actor. A case that exists
    /// already is left as it is (<see cref="CommandOutcome.AlreadyInEffect"/>); a refused history writes nothing.
    /// </summary>
    Task<HistoryImportResult> ImportHistory(HistoryImportMessage history, CommandMeta meta);

    /// <summary>
    /// Writes the stored state again, unchanged (no new version): its complainant identity is sealed under the
    /// identity key now in force. False when there is no case.
    /// </summary>
    Task<bool> Reseal();
}

/// <summary>
/// A <see cref="CaseHistory"/> on the wire: each command travels on its own (by its runtime type), as in
/// <see cref="IPetitionCaseGrain.Execute"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HistoryImportMessage([property: Id(0)] string Source, [property: Id(1)] List<HistoryStepMessage> Steps)
{
    public static HistoryImportMessage Of(CaseHistory history) =>
        new(history.Source, history.Steps.Select(s => new HistoryStepMessage(s.At, s.Actor, s.Command)).ToList());

    public CaseHistory ToHistory() => new(Steps.Select(s => new HistoryStep(s.At, s.Actor, s.Command)).ToList(), Source);
}

[GenerateSerializer, Immutable]
public sealed record HistoryStepMessage([property: Id(0)] DateTimeOffset At, [property: Id(1)] Actor Actor, [property: Id(2)] CaseCommand Command);

/// <summary>The case after an imported history (or as it already was), or the step the rules refused.</summary>
[GenerateSerializer, Immutable]
public sealed record HistoryImportResult(
    [property: Id(0)] PetitionCase? Case,
    [property: Id(1)] HistoryRefusal? Refusal,
    [property: Id(2)] CommandOutcome Outcome);

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
