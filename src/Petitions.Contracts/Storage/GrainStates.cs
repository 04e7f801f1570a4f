using Petitions.Domain.Cases;

namespace Petitions.Contracts.Storage;

/// <summary>
/// The stored state of a case grain (JSON in the grain storage table). Versioned deliberately: renaming a stored
/// property is a migration; <see cref="SchemaVersion"/> says which shape a row has.
/// </summary>
public sealed class PetitionCaseState
{
    public const int CurrentSchema = 1;
    /// <summary>How many idempotency keys a case remembers; older keys fall off.</summary>
    public const int IdempotencyKeysKept = 100;

    public int SchemaVersion { get; set; } = CurrentSchema;
    public PetitionCase? Case { get; set; }
    /// <summary>Idempotency keys of recent commands, saved together with the change they made.</summary>
    public List<ProcessedCommand> Processed { get; set; } = [];
}

public sealed record ProcessedCommand(string Key, int Version);

public sealed class CaseNumberState
{
    public int SchemaVersion { get; set; } = 1;
    /// <summary>The first sequence not yet reserved by any block.</summary>
    public long NextBlockStart { get; set; } = 1;
}

public sealed class RegistrationKeyState
{
    public int SchemaVersion { get; set; } = 1;
    public string? CaseNo { get; set; }
}

/// <summary>
/// Names of persisted grain states. Orleans' ADO.NET storage writes the state name into the GrainTypeString column,
/// so the read-model rebuild finds every case row by <see cref="PetitionCase"/>. Stored data: never rename.
/// </summary>
public static class StateNames
{
    public const string PetitionCase = "case";
    public const string CaseNumbers = "numbers";
    public const string RegistrationKey = "registration";
    public const string ResponsibleUnit = "unit";
    public const string ComplaintSubject = "subject";
}

public sealed class ResponsibleUnitState
{
    public int SchemaVersion { get; set; } = 1;
    public Petitions.Domain.Units.ResponsibleUnit? Unit { get; set; }
}

public sealed class ComplaintSubjectState
{
    public int SchemaVersion { get; set; } = 1;
    public List<Petitions.Contracts.Subjects.SubjectCase> Cases { get; set; } = [];
}
