namespace Petitions.Contracts.Units;

/// <summary>
/// A responsible unit's live statistics as its grain serves them: the counts of the cases led by the unit or by a unit
/// below it, one group per lead unit and round, each with every counted measure by name and Overdue judged at
/// <see cref="AsOf"/>. Callers sum the groups they may see (a scope can cover part of the subtree).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UnitStatistics(
    [property: Id(0)] string UnitCode,
    [property: Id(1)] DateTimeOffset AsOf,
    [property: Id(2)] IReadOnlyList<string> Subtree,
    [property: Id(3)] IReadOnlyList<UnitStatisticsGroup> Groups)
{
    /// <summary>The clock-dependent measure: open cases past their deadline at <see cref="AsOf"/>.</summary>
    public const string Overdue = "Overdue";
}

/// <summary>The counts of the cases one lead unit leads in one round (null: the daily complaints, no round).</summary>
[GenerateSerializer, Immutable]
public sealed record UnitStatisticsGroup(
    [property: Id(0)] string LeadUnit,
    [property: Id(1)] string? RoundCode,
    [property: Id(2)] IReadOnlyDictionary<string, long> Measures);
