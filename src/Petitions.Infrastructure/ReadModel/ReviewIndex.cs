using System.Data.Common;
using Dapper;
using Petitions.Application.Features.Reviews;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>The case_review rows of a case (one per 复查 / 复核 request), written with the case row, and the review statistics over them.</summary>
public sealed class ReviewIndex(IDatabase database) : IReviewStatisticsQueries
{
    /// <summary>A review as the read model keeps it; also what a rebuild compares.</summary>
    public sealed record ReviewRow(string CaseNo, long ReviewNo, string Level, string ReviewingUnit, long RequestedAt, string? Outcome, long? DecidedAt)
    {
        public static IEnumerable<ReviewRow> Of(PetitionCase c) => c.Reviews.Select(r => new ReviewRow(c.CaseNo, r.No, r.Level.ToString(), r.ReviewingUnit,
            SqlTime.ToMs(r.RequestedAt), r.Answer?.Outcome.ToString(), r.Answer is { } a ? SqlTime.ToMs(a.DecidedAt) : null));
    }

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, PetitionCase petitionCase, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM case_review WHERE case_no = @CaseNo", new { petitionCase.CaseNo }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO case_review (case_no, review_no, level, reviewing_unit, requested_at, outcome, decided_at)
            VALUES (@CaseNo, @ReviewNo, @Level, @ReviewingUnit, @RequestedAt, @Outcome, @DecidedAt)
            """,
            ReviewRow.Of(petitionCase), transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The stored rows of these cases, as "no|level|unit|outcome" per case (for the rebuild's comparison).</summary>
    public static async Task<ILookup<string, string>> ReadAsync(DbConnection connection, SqlDialect dialect, IReadOnlyCollection<string> caseNos, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string CaseNo, long ReviewNo, string Level, string ReviewingUnit, string? Outcome)>(new CommandDefinition(
            $"SELECT case_no, review_no, level, reviewing_unit, outcome FROM case_review WHERE {dialect.In("case_no", "caseNos")}",
            new { caseNos }, cancellationToken: cancellationToken)))
        .ToLookup(r => r.CaseNo, r => Key(r.ReviewNo, r.Level, r.ReviewingUnit, r.Outcome));

    public static IEnumerable<string> Expected(PetitionCase c) => ReviewRow.Of(c).Select(r => Key(r.ReviewNo, r.Level, r.ReviewingUnit, r.Outcome));

    private static string Key(long no, string level, string unit, string? outcome) => $"{no}|{level}|{unit}|{outcome}";

    public async Task<IReadOnlyList<ReviewCounts>> CountAsync(IReadOnlyCollection<string>? units, CancellationToken cancellationToken = default)
    {
        if (units is { Count: 0 }) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = units is null ? "" : $"WHERE {database.Dialect.In("reviewing_unit", "units")}";
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            $"""
            SELECT reviewing_unit AS Unit, level AS Level, COUNT(*) AS Requests,
                   SUM(CASE WHEN outcome IS NULL THEN 1 ELSE 0 END) AS Waiting,
                   SUM(CASE WHEN outcome = 'Upheld' THEN 1 ELSE 0 END) AS Upheld,
                   SUM(CASE WHEN outcome = 'Changed' THEN 1 ELSE 0 END) AS Changed,
                   SUM(CASE WHEN outcome = 'SetAside' THEN 1 ELSE 0 END) AS SetAside
            FROM case_review {where}
            GROUP BY reviewing_unit, level
            """,
            new { units = units?.ToList() }, cancellationToken: cancellationToken));
        return rows.Select(r => new ReviewCounts(r.Unit, r.Level, r.Requests, r.Waiting, r.Upheld, r.Changed, r.SetAside)).ToList();
    }

    /// <summary>One aggregate row as the database answers it (SQLite and PostgreSQL type the sums differently).</summary>
    private sealed class CountRow
    {
        public string Unit { get; set; } = "";
        public string Level { get; set; } = "";
        public long Requests { get; set; }
        public long Waiting { get; set; }
        public long Upheld { get; set; }
        public long Changed { get; set; }
        public long SetAside { get; set; }
    }
}
