using Dapper;
using Petitions.Application.Common.Rounds;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Rounds;

/// <summary>The rounds and batches tables. Dates are stored as yyyy-MM-dd text.</summary>
public sealed class RoundStore(IDatabase database) : IRoundStore
{
    private const string DateFormat = "yyyy-MM-dd";

    private sealed record RoundRow
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string? NameEn { get; init; }
        public string StartsOn { get; init; } = "";
        public string? EndsOn { get; init; }
        public int? HandlingDays { get; init; }
    }

    private sealed record BatchRow
    {
        public string RoundCode { get; init; } = "";
        public int BatchNo { get; init; }
        public string HandedOverOn { get; init; } = "";
        public string? Note { get; init; }
    }

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

    public async Task<IReadOnlyList<RoundView>> ListAsync(string? code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rounds = await connection.QueryAsync<RoundRow>(new CommandDefinition(
            "SELECT code AS Code, name AS Name, name_en AS NameEn, starts_on AS StartsOn, ends_on AS EndsOn, handling_days AS HandlingDays FROM rounds WHERE (@code IS NULL OR code = @code) ORDER BY starts_on, code",
            new { code }, cancellationToken: cancellationToken));
        var batches = (await connection.QueryAsync<BatchRow>(new CommandDefinition(
            "SELECT round_code AS RoundCode, batch_no AS BatchNo, handed_over_on AS HandedOverOn, note AS Note FROM batches WHERE (@code IS NULL OR round_code = @code) ORDER BY round_code, batch_no",
            new { code }, cancellationToken: cancellationToken))).ToLookup(b => b.RoundCode);
        return rounds.Select(r => new RoundView(r.Code, r.Name, DateOnly.Parse(r.StartsOn), r.EndsOn is { } e ? DateOnly.Parse(e) : null, r.HandlingDays,
            batches[r.Code].Select(b => new BatchView(b.BatchNo, DateOnly.Parse(b.HandedOverOn), b.Note)).ToList()) { NameEn = r.NameEn }).ToList();
    }

    public async Task<bool> AddRoundAsync(NewRound round, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rounds (code, name, name_en, starts_on, ends_on, handling_days, created_at)
            VALUES (@Code, @Name, @NameEn, @StartsOn, @EndsOn, @HandlingDays, @At) ON CONFLICT (code) DO NOTHING
            """,
            new
            {
                round.Code, round.Name, round.NameEn, StartsOn = round.StartsOn.ToString(DateFormat), EndsOn = round.EndsOn?.ToString(DateFormat),
                round.HandlingDays, At = SqlTime.ToMs(createdAt),
            }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> UpdateRoundAsync(NewRound round, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE rounds SET name = @Name, name_en = @NameEn, starts_on = @StartsOn, ends_on = @EndsOn, handling_days = @HandlingDays WHERE code = @Code",
            new { round.Code, round.Name, round.NameEn, StartsOn = round.StartsOn.ToString(DateFormat), EndsOn = round.EndsOn?.ToString(DateFormat), round.HandlingDays },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> AddBatchAsync(NewBatch batch, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batches (round_code, batch_no, handed_over_on, note, created_at)
            VALUES (@RoundCode, @BatchNo, @On, @Note, @At) ON CONFLICT (round_code, batch_no) DO NOTHING
            """,
            new { batch.RoundCode, batch.BatchNo, On = batch.HandedOverOn.ToString(DateFormat), batch.Note, At = SqlTime.ToMs(createdAt) },
            cancellationToken: cancellationToken)) > 0;
    }
}
