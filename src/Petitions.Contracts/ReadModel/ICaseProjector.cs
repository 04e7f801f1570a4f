using Petitions.Domain.Cases;

namespace Petitions.Contracts.ReadModel;

/// <summary>
/// Projects a committed case into the SQL read model (case index, its units and categories) in one transaction,
/// guarded by the case version: replays, retries and out-of-order calls never double-count or go backwards.
/// </summary>
public interface ICaseProjector
{
    Task ProjectAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default);

    /// <summary>Rewrites the case's rows from its state whatever they hold now (the recount's repair).</summary>
    Task ReplaceAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default);
}
