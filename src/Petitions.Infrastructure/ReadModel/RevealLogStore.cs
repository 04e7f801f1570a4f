using System.Data.Common;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The complainant_reveals table: written by the case projector from the timeline's ComplainantRevealed entries
/// (append-only: a row once written is never changed or deleted), read by auditors.
/// </summary>
public sealed class RevealLogStore(IDatabase database) : IRevealLog
{
    private sealed record RevealRow(string CaseNo, int Seq, long RevealedAt, string ActorId, string ActorName, string? Reason);

    /// <summary>
    /// What a query reads: settable properties, so that Dapper converts SQLite's Int64 and PostgreSQL's Int32 alike
    /// (a positional record must match the column types exactly, and SQLite reports none for an empty result).
    /// </summary>
    private sealed class RevealReadRow
    {
        public string CaseNo { get; set; } = "";
        public long Seq { get; set; }
        public long RevealedAt { get; set; }
        public string ActorId { get; set; } = "";
        public string ActorName { get; set; } = "";
        public string? Reason { get; set; }
    }

    /// <summary>Records the case's reveals not yet in the log, in the projector's transaction.</summary>
    public static Task RecordAsync(DbConnection connection, DbTransaction transaction, PetitionCase petitionCase, CancellationToken cancellationToken)
    {
        var rows = petitionCase.Timeline
            .Where(e => e.Event is ComplainantRevealed)
            .Select(e => new RevealRow(petitionCase.CaseNo, e.Seq, SqlTime.ToMs(e.At), e.Actor.Id, e.Actor.Name, ((ComplainantRevealed)e.Event).Reason))
            .ToList();
        if (rows.Count == 0) return Task.CompletedTask;
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO complainant_reveals (case_no, seq, revealed_at, actor_id, actor_name, reason)
            VALUES (@CaseNo, @Seq, @RevealedAt, @ActorId, @ActorName, @Reason)
            ON CONFLICT (case_no, seq) DO NOTHING
            """, rows, transaction, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<RevealRecord>> ListAsync(RevealLogFilter filter, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (filter.From is not null) where.Add("revealed_at >= @From");
        if (filter.To is not null) where.Add("revealed_at < @To");
        if (filter.ActorId is not null) where.Add("actor_id = @ActorId");
        if (filter.CaseNo is not null) where.Add("case_no = @CaseNo");
        var sql = $"""
            SELECT case_no AS CaseNo, seq AS Seq, revealed_at AS RevealedAt, actor_id AS ActorId, actor_name AS ActorName, reason AS Reason
            FROM complainant_reveals
            {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY revealed_at DESC, case_no, seq DESC
            LIMIT @Limit
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RevealReadRow>(new CommandDefinition(sql, new
        {
            From = SqlTime.ToMs(filter.From),
            To = SqlTime.ToMs(filter.To),
            filter.ActorId,
            filter.CaseNo,
            filter.Limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => new RevealRecord(r.CaseNo, (int)r.Seq, SqlTime.FromMs(r.RevealedAt), r.ActorId, r.ActorName, r.Reason)).ToList();
    }
}
