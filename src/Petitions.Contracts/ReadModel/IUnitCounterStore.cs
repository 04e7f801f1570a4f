namespace Petitions.Contracts.ReadModel;

/// <summary>The statistics counters of one unit's subtree, as its grain keeps them in memory.</summary>
public interface IUnitCounterStore
{
    /// <summary>
    /// Reads the counters of the cases led by <paramref name="unitCode"/> or any unit below it (the units table as it
    /// stands), per lead unit and round: every counted measure, the open cases due before the UTC day of
    /// <paramref name="now"/>, and the deadlines of the open cases due on that day (so Overdue can be judged at any
    /// instant of the day without reading again). O(scopes + cases due that day), whatever the number of cases.
    /// </summary>
    Task<UnitCounters> LoadAsync(string unitCode, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A unit subtree's counters for one UTC day [<see cref="DayStart"/>, <see cref="DayEnd"/>).</summary>
public sealed record UnitCounters(IReadOnlyList<string> Subtree, DateTimeOffset DayStart, DateTimeOffset DayEnd, IReadOnlyList<UnitCounterGroup> Groups);

/// <summary>
/// One lead unit's counters in one round: the measures (all but Overdue), the open cases due before the day, and the
/// deadlines (ascending, Unix milliseconds) of its open cases due during the day.
/// </summary>
public sealed record UnitCounterGroup(string LeadUnit, string? RoundCode, IReadOnlyDictionary<string, long> Measures, long DueBeforeDay, IReadOnlyList<long> DueDuringDay)
{
    /// <summary>Open cases past their deadline at <paramref name="nowMs"/> (a time within the counters' day).</summary>
    public long OverdueAt(long nowMs)
    {
        // Count of deadlines strictly before now: the first index whose deadline is not.
        int low = 0, high = DueDuringDay.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (DueDuringDay[middle] < nowMs) low = middle + 1; else high = middle;
        }

        return DueBeforeDay + low;
    }
}
