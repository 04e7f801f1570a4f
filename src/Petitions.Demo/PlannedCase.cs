using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>One demo case: what is registered, and every decision of its life up to its planned fate.</summary>
public sealed record PlannedCase
{
    public required int Index { get; init; }
    /// <summary>The handover list's own number (R1-0001) or the routine complaint's (D-0001): the registration key.</summary>
    public required string ExternalRef { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public int? RoundHandlingDays { get; init; }
    public required Channel Channel { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public required string Target { get; init; }
    public string? Address { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public required string Description { get; init; }
    public DemoComplainant? Complainant { get; init; }

    /// <summary>The plan index of the case this one repeats (same target written differently, same region).</summary>
    public int? RepeatOf { get; init; }

    public required DemoFate Fate { get; init; }
    public string? NotAcceptedReason { get; init; }
    public Verdict? Verdict { get; init; }
    /// <summary>A first callback was dissatisfied: the case was reopened (and, if it ends closed, handled again).</summary>
    public bool Dissatisfied { get; init; }
    /// <summary>An extension was requested (approved, unless the fate is <see cref="DemoFate.ExtensionPending"/>).</summary>
    public bool Extension { get; init; }
    /// <summary>0: none; 1: a supervision notice; 2: a notice the unit has replied to.</summary>
    public int Supervision { get; init; }
    public DemoLeader? Leader { get; init; }
    public bool SecondVisit { get; init; }
    public bool UnreachableFirst { get; init; }
    public bool ResidentCallback { get; init; }
    public Satisfaction Satisfaction { get; init; } = Satisfaction.Satisfied;
    public DateTimeOffset VisitedAt { get; init; }
    public IReadOnlyList<string> Inspectors { get; init; } = [];
    public int RectificationDays { get; init; }
    public int? Fine { get; init; }

    public string LeadUnit => RegionCode;
}
