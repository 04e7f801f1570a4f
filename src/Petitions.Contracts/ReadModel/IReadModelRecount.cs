namespace Petitions.Contracts.ReadModel;

/// <summary>Recomputes the read model from the case states in grain storage and repairs what differs.</summary>
public interface IReadModelRecount
{
    Task<RecountReport> RebuildAsync(CancellationToken cancellationToken = default);

    /// <summary>Cases whose stored state is newer than their read-model row (e.g. a crash between the two writes).</summary>
    Task<IReadOnlyList<string>> FindStaleAsync(CancellationToken cancellationToken = default);
}

public sealed record RecountDifference(string CaseNo, string Kind, IReadOnlyList<string> Fields);

public sealed record RecountTally(long Cases, long NotAccepted, long Open, long Closed, long ClosedFinal, long ClosedStage, long Repeats, long Dissatisfied, long OnProblemList);

public sealed record RecountReport(
    long CasesInStorage, long Inserted, long Updated, long Removed, IReadOnlyList<RecountDifference> Differences,
    RecountTally Before, RecountTally After, double ElapsedMs)
{
    /// <summary>
    /// The statistics counters that differed from their recount from the case rows (after the rows were repaired),
    /// one entry per scope and measure, at most 200 listed; 0 normally.
    /// </summary>
    public IReadOnlyList<CounterDifference> CounterDifferences { get; init; } = [];

    /// <summary>How many counter values differed (all of them, also beyond the 200 listed).</summary>
    public long CountersCorrected { get; init; }

    /// <summary>How many of the near-match index's per-gram posting counts differed from a recount of its postings (0 normally).</summary>
    public long GramCountsCorrected { get; init; }

    /// <summary>True when the recount found and corrected at least one difference.</summary>
    public bool Corrected => Inserted + Updated + Removed + CountersCorrected + GramCountsCorrected > 0;
}

/// <summary>A statistics counter that differed from its recount: its scope (unit, round, batch, category, day), the measure, the recounted and the stored value.</summary>
public sealed record CounterDifference(string Scope, string Measure, long Expected, long Found);
