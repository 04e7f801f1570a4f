using Dapper;
using Petitions.Application.Features.Imports;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Handover;

/// <summary>The handover_imports table (previews waiting for their commit), and handover numbers in the case index.</summary>
public sealed class HandoverImportStore(IDatabase database) : IHandoverImportStore
{
    private sealed record Row
    {
        public string Id { get; init; } = "";
        public string RoundCode { get; init; } = "";
        public long BatchNo { get; init; }
        public string FileName { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long Total { get; init; }
        public long Valid { get; init; }
        public string Status { get; init; } = "";
        public long Registered { get; init; }
        public long Existing { get; init; }
        public long? CommittedAt { get; init; }
        public string? RowsJson { get; init; }
    }

    public async Task SaveAsync(HandoverImportRecord r, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO handover_imports (id, round_code, batch_no, file_name, created_by, created_at, total, valid, status, registered, existing, committed_at, rows_json)
            VALUES (@Id, @RoundCode, @BatchNo, @FileName, @CreatedBy, @CreatedAt, @Total, @Valid, @Status, @Registered, @Existing, NULL, @RowsJson)
            """,
            new
            {
                r.Id, r.RoundCode, r.BatchNo, r.FileName, r.CreatedBy, CreatedAt = SqlTime.ToMs(r.CreatedAt), r.Total, Valid = r.Valid ? 1 : 0,
                Status = r.Status.ToString(), r.Registered, r.Existing, r.RowsJson,
            }, cancellationToken: cancellationToken));
    }

    public async Task<HandoverImportRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id AS Id, round_code AS RoundCode, batch_no AS BatchNo, file_name AS FileName, created_by AS CreatedBy, created_at AS CreatedAt,
                   total AS Total, valid AS Valid, status AS Status, registered AS Registered, existing AS Existing, committed_at AS CommittedAt, rows_json AS RowsJson
            FROM handover_imports WHERE id = @id
            """, new { id }, cancellationToken: cancellationToken));
        return row is null ? null : new HandoverImportRecord
        {
            Id = row.Id, RoundCode = row.RoundCode, BatchNo = (int)row.BatchNo, FileName = row.FileName, CreatedBy = row.CreatedBy,
            CreatedAt = SqlTime.FromMs(row.CreatedAt), Total = (int)row.Total, Valid = row.Valid != 0, Status = Enum.Parse<HandoverImportStatus>(row.Status),
            Registered = (int)row.Registered, Existing = (int)row.Existing, CommittedAt = SqlTime.FromMs(row.CommittedAt), RowsJson = row.RowsJson,
        };
    }

    public async Task<bool> MoveAsync(string id, HandoverImportStatus from, HandoverImportStatus to, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE handover_imports SET status = @to WHERE id = @id AND status = @from",
            new { id, from = from.ToString(), to = to.ToString() }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task ProgressAsync(string id, int registered, int existing, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE handover_imports SET registered = @registered, existing = @existing WHERE id = @id",
            new { id, registered, existing }, cancellationToken: cancellationToken));
    }

    public async Task CompleteAsync(string id, int registered, int existing, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE handover_imports SET status = @status, registered = @registered, existing = @existing, committed_at = @at, rows_json = NULL WHERE id = @id",
            new { id, status = nameof(HandoverImportStatus.Committed), registered, existing, at = SqlTime.ToMs(at) }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<string, string>> RegisteredAsync(string roundCode, IReadOnlyCollection<string> externalRefs, CancellationToken cancellationToken = default)
    {
        if (externalRefs.Count == 0) return new Dictionary<string, string>();
        await using var connection = await database.OpenAsync(cancellationToken);
        // The round's handover numbers (a list is a batch of a round: thousands at most), matched here.
        var rows = await connection.QueryAsync<(string ExternalRef, string CaseNo)>(new CommandDefinition(
            "SELECT external_ref, case_no FROM case_index WHERE round_code = @roundCode AND external_ref IS NOT NULL",
            new { roundCode }, cancellationToken: cancellationToken));
        var wanted = externalRefs.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (externalRef, caseNo) in rows)
        {
            if (wanted.Contains(externalRef)) found.TryAdd(externalRef, caseNo);
        }

        return found;
    }
}
