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
    /// <summary>True when the recount found and corrected at least one difference.</summary>
    public bool Corrected => Inserted + Updated + Removed > 0;
}
