using Dapper;
using Petitions.Application.Features.Supervision;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.Supervision;

/// <summary>The look_back_reviews and look_back_cases tables; a sampled case shows its current target, lead unit and status from case_index.</summary>
public sealed class LookBackReviewStore(IDatabase database) : ILookBackReviewStore
{
    private sealed record ReviewRow
    {
        public string Id { get; init; } = "";
        public long CreatedAt { get; init; }
        public string CreatedBy { get; init; } = "";
        public string? UnitCode { get; init; }
        public string? RoundCode { get; init; }
        public int Percentage { get; init; }
        public int Seed { get; init; }
        public string? Note { get; init; }
        public int Population { get; init; }
    }

    private sealed record SampleRow
    {
        public string ReviewId { get; init; } = "";
        public string CaseNo { get; init; } = "";
        public string? Target { get; init; }
        public string? LeadUnit { get; init; }
        public string? Status { get; init; }
        public int? Held { get; init; }
        public string? Note { get; init; }
        public long? RecordedAt { get; init; }
        public string? RecordedBy { get; init; }
    }

    public async Task<IReadOnlyList<LookBackReviewRecord>> ReadAsync(string? id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var reviews = await connection.QueryAsync<ReviewRow>(new CommandDefinition(
            """
            SELECT id AS Id, created_at AS CreatedAt, created_by AS CreatedBy, unit_code AS UnitCode, round_code AS RoundCode,
                   percentage AS Percentage, seed AS Seed, note AS Note, population AS Population
            FROM look_back_reviews WHERE (@id IS NULL OR id = @id) ORDER BY created_at DESC
            """, new { id }, cancellationToken: cancellationToken));
        var cases = (await connection.QueryAsync<SampleRow>(new CommandDefinition(
            """
            SELECT l.review_id AS ReviewId, l.case_no AS CaseNo, c.target AS Target, c.lead_unit AS LeadUnit, c.status AS Status,
                   l.held AS Held, l.note AS Note, l.recorded_at AS RecordedAt, l.recorded_by AS RecordedBy
            FROM look_back_cases l LEFT JOIN case_index c ON c.case_no = l.case_no
            WHERE (@id IS NULL OR l.review_id = @id) ORDER BY l.case_no
            """, new { id }, cancellationToken: cancellationToken))).ToLookup(c => c.ReviewId);
        return reviews.Select(r => new LookBackReviewRecord(r.Id, SqlTime.FromMs(r.CreatedAt), r.CreatedBy, r.UnitCode, r.RoundCode, r.Percentage, r.Seed, r.Note,
            r.Population, cases[r.Id].Select(c => new LookBackSampleRecord(c.CaseNo, c.Target, c.LeadUnit, c.Status, c.Held is null ? null : c.Held == 1,
                c.Note, SqlTime.FromMs(c.RecordedAt), c.RecordedBy)).ToList())).ToList();
    }

    public async Task CreateAsync(LookBackReviewRecord review, IReadOnlyList<string> sample, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO look_back_reviews (id, created_at, created_by, unit_code, round_code, percentage, seed, note, population)
            VALUES (@id, @at, @by, @unit, @round, @percentage, @seed, @note, @population)
            """,
            new { id = review.Id, at = SqlTime.ToMs(review.CreatedAt), by = review.CreatedBy, unit = review.UnitCode, round = review.RoundCode,
                  percentage = review.Percentage, seed = review.Seed, note = review.Note, population = review.Population }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO look_back_cases (review_id, case_no) VALUES (@id, @caseNo)",
            sample.Select(caseNo => new { id = review.Id, caseNo }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> IsSampledAsync(string reviewId, string caseNo, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM look_back_cases WHERE review_id = @reviewId AND case_no = @caseNo", new { reviewId, caseNo }, cancellationToken: cancellationToken)) is not null;
    }

    public async Task RecordFindingAsync(string caseNo, LookBackReview finding, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE look_back_cases SET held = @held, note = @note, recorded_at = @at, recorded_by = @by WHERE review_id = @reviewId AND case_no = @caseNo",
            new { held = finding.Held ? 1 : 0, note = finding.Note, at = SqlTime.ToMs(finding.RecordedAt), by = finding.RecordedBy, reviewId = finding.ReviewId, caseNo },
            cancellationToken: cancellationToken));
    }
}
