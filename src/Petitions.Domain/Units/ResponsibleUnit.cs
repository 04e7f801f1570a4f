using Petitions.Domain.Cases;

namespace Petitions.Domain.Units;

/// <summary>
/// A responsible unit (责任单位): its profile, the defaults for its problem-list entries, and the supervision notices
/// (督办通知) addressed to it. Codes are permanent; names, parents and the active flag are edited by administrators.
/// </summary>
public sealed record ResponsibleUnit
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ParentCode { get; init; }
    public UnitKind Kind { get; init; }
    public int SortOrder { get; init; }
    public bool Active { get; init; } = true;
    public string? ContactPerson { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>The default responsible person of problem-list entries for this unit's cases.</summary>
    public string? ResponsiblePerson { get; init; }
    /// <summary>Days a rectification gets by default when a case of this unit is reopened automatically.</summary>
    public int RectificationDays { get; init; } = 30;
    public int Version { get; init; }
    public IReadOnlyList<SupervisionNotice> Notices { get; init; } = [];

    public ProblemDefaults ProblemDefaults => new(
        string.IsNullOrWhiteSpace(ResponsiblePerson) ? ProblemDefaults.Standard.ResponsiblePerson : ResponsiblePerson!,
        RectificationDays > 0 ? RectificationDays : ProblemDefaults.Standard.RectificationDays);
}

/// <summary>What an administrator may change about a unit (everything but its code).</summary>
public sealed record UnitChange(string Name, string? ParentCode, UnitKind Kind, int SortOrder, bool Active,
    string? ContactPerson, string? ContactPhone, string? ResponsiblePerson, int RectificationDays);
