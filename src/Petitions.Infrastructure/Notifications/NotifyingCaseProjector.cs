using Petitions.Application.Features.Notifications;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Infrastructure.ReadModel;

namespace Petitions.Infrastructure.Notifications;

/// <summary>
/// The read-model projection with the notices of the change: the notices first, then the case row. A failure or a
/// crash between the two leaves the row behind the stored state, so the read-model catch-up projects the case again
/// and the notices come with it (their ids make the second time add nothing).
/// </summary>
public sealed class NotifyingCaseProjector(CaseProjector inner, NotificationPlanner planner) : ICaseProjector
{
    public async Task ProjectAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default)
    {
        await planner.FromCaseAsync(petitionCase, cancellationToken);
        await inner.ProjectAsync(petitionCase, storageEtag, cancellationToken);
    }

    public async Task ReplaceAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default)
    {
        await planner.FromCaseAsync(petitionCase, cancellationToken);
        await inner.ReplaceAsync(petitionCase, storageEtag, cancellationToken);
    }
}
