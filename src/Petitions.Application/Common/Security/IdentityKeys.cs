namespace Petitions.Application.Common.Security;

/// <summary>
/// The key ring that seals complainant identities in storage (kept in the key directory, never in the database):
/// rotation adds a key that new seals use from then on; older keys stay in the ring and keep opening older seals.
/// </summary>
public interface IIdentityKeyRing
{
    /// <summary>The key new seals use, and how many keys the ring holds.</summary>
    IdentityKeyStatus Current();

    /// <summary>
    /// Creates a new key, in force from now on (on this silo at once; on the others within half a minute). Throws a
    /// conflict (KeyRotatedRecently) while the key in force is younger than the cooldown: other silos may not have it yet.
    /// </summary>
    IdentityKeyStatus Rotate();

    /// <summary>
    /// The stored cases a re-encryption must rewrite: those with a complainant sealed under another key than
    /// <paramref name="keyId"/>, or stored in clear (written before sealing existed).
    /// </summary>
    Task<IReadOnlyList<string>> CasesNotSealedUnderAsync(Guid keyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a rewrite: removes the old versions of rewritten rows that the database files may still hold (an identity
    /// stored before sealing existed would otherwise linger in free pages or the write-ahead log).
    /// </summary>
    Task ScrubStorageAsync(CancellationToken cancellationToken = default);
}

/// <summary>The identity key in force: its id (not secret), when it was created, and how many keys the ring holds.</summary>
public sealed record IdentityKeyStatus(Guid KeyId, DateTimeOffset CreatedAt, int KeysInRing);
