using Dapper;
using Petitions.Application.Features.Disclosure;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Handover;

/// <summary>The batch_disclosures table: a batch's publication deadline (yyyy-MM-dd) and its published table.</summary>
public sealed class DisclosureStore(IDatabase database) : IDisclosureStore
{
    private sealed record Row
    {
        public string RoundCode { get; init; } = "";
        public long BatchNo { get; init; }
        public string? PublishBy { get; init; }
        public long? PublishedAt { get; init; }
        public string? PublishedBy { get; init; }
        public string? RowsJson { get; init; }
    }

    public async Task<BatchDisclosureRecord?> FindAsync(string roundCode, int batchNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT round_code AS RoundCode, batch_no AS BatchNo, publish_by AS PublishBy, published_at AS PublishedAt, published_by AS PublishedBy, rows_json AS RowsJson
            FROM batch_disclosures WHERE round_code = @roundCode AND batch_no = @batchNo
            """, new { roundCode, batchNo }, cancellationToken: cancellationToken));
        return row is null ? null : new BatchDisclosureRecord(row.RoundCode, (int)row.BatchNo, row.PublishBy is { } by ? DateOnly.Parse(by) : null,
            SqlTime.FromMs(row.PublishedAt), row.PublishedBy, row.RowsJson);
    }

    public async Task SetDeadlineAsync(string roundCode, int batchNo, DateOnly? publishBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_disclosures (round_code, batch_no, publish_by) VALUES (@roundCode, @batchNo, @by)
            ON CONFLICT (round_code, batch_no) DO UPDATE SET publish_by = excluded.publish_by
            """, new { roundCode, batchNo, by = publishBy?.ToString("yyyy-MM-dd") }, cancellationToken: cancellationToken));
    }

    public async Task PublishAsync(string roundCode, int batchNo, DateTimeOffset at, string by, string rowsJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO batch_disclosures (round_code, batch_no, published_at, published_by, rows_json) VALUES (@roundCode, @batchNo, @at, @by, @rowsJson)
            ON CONFLICT (round_code, batch_no) DO UPDATE SET published_at = excluded.published_at, published_by = excluded.published_by, rows_json = excluded.rows_json
            """, new { roundCode, batchNo, at = SqlTime.ToMs(at), by, rowsJson }, cancellationToken: cancellationToken));
    }
}
