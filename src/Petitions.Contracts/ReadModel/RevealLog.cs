namespace Petitions.Contracts.ReadModel;

/// <summary>One reveal of a complainant: who saw the identity in clear, when, on which case and why (never the identity).</summary>
public sealed record RevealRecord(string CaseNo, int Seq, DateTimeOffset RevealedAt, string ActorId, string ActorName, string? Reason);

/// <summary>Which reveals to list: an instant range [From, To), one user, one case; newest first, at most Limit.</summary>
public sealed record RevealLogFilter(DateTimeOffset? From, DateTimeOffset? To, string? ActorId, string? CaseNo, int Limit);

/// <summary>The reveal log across cases, projected from the case timelines (append-only).</summary>
public interface IRevealLog
{
    Task<IReadOnlyList<RevealRecord>> ListAsync(RevealLogFilter filter, CancellationToken cancellationToken = default);
}
