namespace Petitions.Contracts.Numbers;

/// <summary>Hands out case number sequences of one year (key: the year) from persisted blocks.</summary>
public interface ICaseNumberGrain : IGrainWithIntegerKey
{
    Task<long> Next();
}

/// <summary>
/// Remembers the case number reserved for one idempotent registration (an Idempotency-Key or a handover entry),
/// so that a retried registration lands on the same case.
/// </summary>
public interface IRegistrationKeyGrain : IGrainWithStringKey
{
    Task<string> Reserve(int year);

    /// <summary>The case number reserved under this key, or null (reserves nothing).</summary>
    Task<string?> Find();
}
