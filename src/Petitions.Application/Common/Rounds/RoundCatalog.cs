using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Common.Rounds;

public sealed record RoundInfo
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public int? HandlingDays { get; init; }
}

/// <summary>Looks up inspection rounds and their handover batches (a few rows; read per request).</summary>
public sealed class RoundCatalog(IDatabase database)
{
    public async Task<RoundInfo?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RoundInfo>(new CommandDefinition(
            "SELECT code AS Code, name AS Name, handling_days AS HandlingDays FROM rounds WHERE code = @code",
            new { code }, cancellationToken: cancellationToken));
    }

    public async Task<bool> BatchExistsAsync(string roundCode, int batchNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM batches WHERE round_code = @roundCode AND batch_no = @batchNo",
            new { roundCode, batchNo }, cancellationToken: cancellationToken)) is not null;
    }
}
