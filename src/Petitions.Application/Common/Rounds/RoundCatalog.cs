using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Application.Common.Rounds;

public sealed record RoundInfo
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public int? HandlingDays { get; init; }
}

/// <summary>An inspection round (督察轮次) with its handover batches (交办批次).</summary>
public sealed record RoundView(string Code, string Name, DateOnly StartsOn, DateOnly? EndsOn, int? HandlingDays, IReadOnlyList<BatchView> Batches, object? Statistics = null);

public sealed record BatchView(int BatchNo, DateOnly HandedOverOn, string? Note);

internal sealed record RoundRow
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string StartsOn { get; init; } = "";
    public string? EndsOn { get; init; }
    public int? HandlingDays { get; init; }
}

internal sealed record BatchRow
{
    public string RoundCode { get; init; } = "";
    public int BatchNo { get; init; }
    public string HandedOverOn { get; init; } = "";
    public string? Note { get; init; }
}

/// <summary>Reads inspection rounds and their handover batches (a few rows; read per request).</summary>
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

    /// <summary>Rounds (one, by code, or all) with their batches.</summary>
    public async Task<IReadOnlyList<RoundView>> ListAsync(string? code, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rounds = await connection.QueryAsync<RoundRow>(new CommandDefinition(
            "SELECT code AS Code, name AS Name, starts_on AS StartsOn, ends_on AS EndsOn, handling_days AS HandlingDays FROM rounds WHERE (@code IS NULL OR code = @code) ORDER BY starts_on, code",
            new { code }, cancellationToken: cancellationToken));
        var batches = (await connection.QueryAsync<BatchRow>(new CommandDefinition(
            "SELECT round_code AS RoundCode, batch_no AS BatchNo, handed_over_on AS HandedOverOn, note AS Note FROM batches WHERE (@code IS NULL OR round_code = @code) ORDER BY round_code, batch_no",
            new { code }, cancellationToken: cancellationToken))).ToLookup(b => b.RoundCode);
        return rounds.Select(r => new RoundView(r.Code, r.Name, DateOnly.Parse(r.StartsOn), r.EndsOn is { } e ? DateOnly.Parse(e) : null, r.HandlingDays,
            batches[r.Code].Select(b => new BatchView(b.BatchNo, DateOnly.Parse(b.HandedOverOn), b.Note)).ToList())).ToList();
    }
}
