using System.Text.Json;
using Dapper;
using Petitions.Application.Features.Imports.History;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Imports;

/// <summary>The history_imports table: a preview's parsed rows (JSON) until its commit, then its counts.</summary>
public sealed class HistoryImportStore(IDatabase database) : IHistoryImportStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed class ImportReadRow
    {
        public string ImportId { get; set; } = "";
        public string FileName { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long Valid { get; set; }
        public string RowsJson { get; set; } = "[]";
        public long? CommittedAt { get; set; }
        public long Registered { get; set; }
        public long Existing { get; set; }
    }

    public async Task SaveAsync(HistoryImportRecord record, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO history_imports (import_id, file_name, created_by, created_at, valid, rows_json)
            VALUES (@ImportId, @FileName, @CreatedBy, @CreatedAt, @Valid, @RowsJson)
            """,
            new
            {
                record.ImportId,
                record.FileName,
                record.CreatedBy,
                CreatedAt = SqlTime.ToMs(record.CreatedAt),
                Valid = record.Valid ? 1 : 0,
                RowsJson = JsonSerializer.Serialize(record.Rows, Json),
            }, cancellationToken: cancellationToken));
    }

    public async Task<HistoryImportRecord?> FindAsync(string importId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ImportReadRow>(new CommandDefinition(
            """
            SELECT import_id AS ImportId, file_name AS FileName, created_by AS CreatedBy, created_at AS CreatedAt, valid AS Valid,
                   rows_json AS RowsJson, committed_at AS CommittedAt, registered AS Registered, existing AS Existing
            FROM history_imports WHERE import_id = @importId
            """, new { importId }, cancellationToken: cancellationToken));
        return row is null ? null : new HistoryImportRecord(row.ImportId, row.FileName, row.CreatedBy, SqlTime.FromMs(row.CreatedAt), row.Valid != 0,
            JsonSerializer.Deserialize<List<HistoryLedgerRow>>(row.RowsJson, Json) ?? [],
            row.CommittedAt is { } committed ? SqlTime.FromMs(committed) : null, (int)row.Registered, (int)row.Existing);
    }

    public async Task MarkCommittedAsync(string importId, DateTimeOffset committedAt, int registered, int existing, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE history_imports SET committed_at = @CommittedAt, registered = @registered, existing = @existing WHERE import_id = @importId",
            new { importId, CommittedAt = SqlTime.ToMs(committedAt), registered, existing }, cancellationToken: cancellationToken));
    }
}
