using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Infrastructure.Accounts;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Keys;

/// <summary>
/// The key directory at work: named secrets (<see cref="ISecretKeys"/>), the identity key ring and its rotation
/// (<see cref="IIdentityKeyRing"/>), and the start-up step that moves an older database's secrets out of it and
/// checks that the directory holds the keys this database's identities were sealed with.
/// </summary>
public sealed class KeyRing(
    KeyDirectory keys,
    IdentitySealer sealer,
    MetaTable meta,
    SecretTable legacySecrets,
    IDatabase database,
    ClusterSettings cluster,
    StorageOptions storage,
    ILogger<KeyRing> logger) : ISecretKeys, IIdentityKeyRing
{
    /// <summary>The meta entry that holds a seal made at the database's first start with the key directory.</summary>
    public const string CheckEntry = "identity-key-check";

    private const string CheckText = "petitions identity key ring";

    public Task<byte[]> GetOrCreateAsync(string name, int bytes, CancellationToken cancellationToken = default) =>
        Task.FromResult(keys.GetOrCreateSecret(name, bytes));

    /// <summary>
    /// Before the silo starts: creates the directory (owner-only), moves secrets left in the database into it, and
    /// refuses to go on (throws) when the database was sealed under a key ring this directory does not hold.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        keys.Ensure();
        foreach (var (name, value) in await legacySecrets.ReadAllAsync(cancellationToken))
        {
            keys.GetOrAddSecret(name, () => Convert.FromBase64String(value));
            await legacySecrets.DeleteAsync(name, cancellationToken);
            logger.LogWarning("Moved the secret {Secret} out of the database into the key directory {KeyDirectory}.", name, keys.Path);
        }

        if (await meta.GetAsync(CheckEntry, cancellationToken) is null)
        {
            await meta.AddAsync(CheckEntry, sealer.Seal(CheckText), cancellationToken);
        }

        var check = await meta.GetAsync(CheckEntry, cancellationToken);
        if (check is null || !sealer.TryUnseal(check, out var text) || text != CheckText)
        {
            throw new KeyDirectoryMismatchException(
                $"The key directory {keys.Path} (setting Keys:Directory) does not hold the key ring this database's complainant " +
                "identities were sealed with. Start the host with the key directory that belongs to this database (restore it from its own backup).");
        }
    }

    public IdentityKeyStatus Current()
    {
        var (current, count) = sealer.Current();
        return new IdentityKeyStatus(current.Id, current.CreatedAt, count);
    }

    public IdentityKeyStatus Rotate()
    {
        // Key ages are real time, like the key files' creation stamps (not the application's clock).
        if (DateTimeOffset.UtcNow - sealer.Current().Current.CreatedAt < storage.KeyRotationCooldown)
        {
            throw new ConflictException(ConflictRules.KeyRotatedRecently,
                $"The identity key in force is younger than {storage.KeyRotationCooldown.TotalSeconds:0} s; other silos may not have read it yet.");
        }

        var key = sealer.Rotate();
        logger.LogInformation("New identity key {KeyId} in force from {CreatedAt:O}.", key.Id, key.CreatedAt);
        return new IdentityKeyStatus(key.Id, key.CreatedAt, sealer.Current().KeysInRing);
    }

    /// <summary>SQLite: VACUUM (rewrites the file without its free pages), then a truncating WAL checkpoint; PostgreSQL: VACUUM of grain storage and the evidence blobs.</summary>
    public async Task ScrubStorageAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("VACUUM orleansstorage, evidence_blobs", cancellationToken: cancellationToken));
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition("VACUUM", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<string>> CasesNotSealedUnderAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        const int pageSize = 500;
        var found = new List<string>();
        var after = "";
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            var page = (await connection.QueryAsync<(string CaseNo, byte[] Payload)>(new CommandDefinition(
                """
                SELECT GrainIdExtensionString, PayloadBinary FROM OrleansStorage
                WHERE ServiceId = @service AND GrainTypeString = @type AND PayloadBinary IS NOT NULL AND GrainIdExtensionString > @after
                ORDER BY GrainIdExtensionString LIMIT @limit
                """,
                new { service = cluster.ServiceId, type = StateNames.PetitionCase, after, limit = pageSize }, cancellationToken: cancellationToken))).ToList();
            if (page.Count == 0) return found;
            after = page[^1].CaseNo;
            found.AddRange(page.Where(p => NeedsSealing(p.Payload, keyId)).Select(p => p.CaseNo));
        }
    }

    /// <summary>Whether a stored state holds a complainant in clear or sealed under another key.</summary>
    private static bool NeedsSealing(byte[] payload, Guid keyId)
    {
        using var document = JsonDocument.Parse(payload);
        return Complainants(document.RootElement).Any(c =>
            c.TryGetProperty(nameof(Petitions.Domain.Cases.Complainant.Name), out _)
            || c.TryGetProperty(nameof(Petitions.Domain.Cases.Complainant.Phone), out _)
            || c.TryGetProperty(nameof(Petitions.Domain.Cases.Complainant.Address), out _)
            || (c.TryGetProperty(SealedComplainantConverter.SealedProperty, out var sealedText) && IdentitySealer.KeyIdOf(sealedText.GetString()!) != keyId));
    }

    private static IEnumerable<JsonElement> Complainants(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == nameof(Petitions.Domain.Cases.Complainant) && property.Value.ValueKind == JsonValueKind.Object) yield return property.Value;
                else foreach (var inner in Complainants(property.Value)) yield return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Complainants(item)) yield return inner;
            }
        }
    }
}

/// <summary>The key directory does not belong to the database: the host must not start (it could read no identity).</summary>
public sealed class KeyDirectoryMismatchException(string message) : InvalidOperationException(message);
