using Dapper;
using Petitions.Application.Features.Evidence;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

namespace Petitions.Infrastructure.Evidence;

/// <summary>
/// The cluster profile's evidence: the evidence_blobs table of the PostgreSQL database, so that every silo serves every
/// file. A blob is inserted once per content hash (a second insert of the same bytes changes nothing).
/// </summary>
public sealed class DatabaseEvidenceStore(IDatabase database, IClock clock) : IEvidenceBlobStore
{
    public async Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO evidence_blobs (sha256, size, stored_at, content)
            VALUES (@Sha256, @Size, @StoredAt, @Content)
            ON CONFLICT (sha256) DO NOTHING
            """,
            new { Sha256 = sha256, Size = (long)content.Length, StoredAt = clock.UtcNow.ToUnixTimeMilliseconds(), Content = content.ToArray() },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<byte[]?> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM evidence_blobs WHERE sha256 = @sha256", new { sha256 }, cancellationToken: cancellationToken));
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM evidence_blobs WHERE sha256 = @sha256", new { sha256 }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT sha256 FROM evidence_blobs ORDER BY sha256", cancellationToken: cancellationToken))).ToList();
    }

    public async Task ReplaceAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE evidence_blobs SET content = @Content WHERE sha256 = @Sha256",
            new { Sha256 = sha256, Content = content.ToArray() }, cancellationToken: cancellationToken));
    }
}
