using System.Data.Common;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>The near-match queries over subject_index, repeat_bigram and case_index (see <see cref="RepeatIndex"/> for the writes).</summary>
public sealed class RepeatSearch(IDatabase database) : IRepeatSearch
{
    private const int CandidateSubjects = 40;

    // Refs scored exactly per search: those sharing the most kept grams.
    private const int CandidatePool = 100;

    private const double ScoreRounding = 0.0005;

    private const string FactsSql =
        """
        SELECT case_no AS CaseNo, status AS Status, received_at AS ReceivedAt, closed_at AS ClosedAt, lead_unit AS LeadUnit,
               verdict AS Verdict, target AS Target, address AS Address, subject_key AS SubjectKey, repeat_of AS RepeatOf,
               categories AS Categories
        FROM case_index
        """;

    private sealed record CaseFacts
    {
        public string CaseNo { get; init; } = "";
        public string Status { get; init; } = "";
        public long ReceivedAt { get; init; }
        public long? ClosedAt { get; init; }
        public string LeadUnit { get; init; } = "";
        public string? Verdict { get; init; }
        public string Target { get; init; } = "";
        public string? Address { get; init; }
        public string SubjectKey { get; init; } = "";
        public string? RepeatOf { get; init; }
        public string Categories { get; init; } = "";
    }

    private sealed record SubjectRow
    {
        public string SubjectKey { get; init; } = "";
        public string Normalized { get; init; } = "";
    }

    public async Task<IReadOnlyList<IndexedRepeatCase>> SimilarTargetsAsync(string regionCode, string normalizedTarget, string? exactSubjectKey, double threshold, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await CandidatesAsync(connection, regionCode, RepeatIndex.TargetKind, normalizedTarget, threshold, cancellationToken) is not { } candidates) return [];

        var subjects = (await connection.QueryAsync<SubjectRow>(new CommandDefinition(
                $"SELECT s.subject_key AS SubjectKey, s.normalized AS Normalized FROM ({candidates.Sql}) candidates JOIN subject_index s ON s.subject_key = candidates.ref",
                candidates.Parameters, cancellationToken: cancellationToken)))
            .Where(r => r.SubjectKey != exactSubjectKey)
            .Select(r => (r.SubjectKey, Score: Math.Round(Similarity.Bigrams(normalizedTarget, r.Normalized), 3)))
            .Where(r => r.Score >= threshold)
            .OrderByDescending(r => r.Score).ThenBy(r => r.SubjectKey, StringComparer.Ordinal)
            .Take(CandidateSubjects)
            .ToDictionary(r => r.SubjectKey, r => r.Score);
        if (subjects.Count == 0) return [];

        var cases = await connection.QueryAsync<CaseFacts>(new CommandDefinition(
            $"{FactsSql} WHERE {database.Dialect.In("subject_key", "keys")} ORDER BY received_at DESC LIMIT 200",
            new { keys = subjects.Keys.ToList() }, cancellationToken: cancellationToken));
        return cases.Select(c => ToCase(c, subjects[c.SubjectKey])).ToList();
    }

    public async Task<IReadOnlyList<IndexedRepeatCase>> SimilarAddressesAsync(string regionCode, string normalizedAddress, double threshold, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await CandidatesAsync(connection, regionCode, RepeatIndex.AddressKind, normalizedAddress, threshold, cancellationToken) is not { } candidates) return [];

        var cases = await connection.QueryAsync<CaseFacts>(new CommandDefinition(
            $"{FactsSql} ci JOIN ({candidates.Sql}) candidates ON ci.case_no = candidates.ref", candidates.Parameters, cancellationToken: cancellationToken));
        return cases
            .Select(c => ToCase(c, Math.Round(Similarity.Bigrams(normalizedAddress, SubjectKey.Normalize(c.Address ?? "")), 3)))
            .Where(c => c.Score >= threshold)
            .ToList();
    }

    /// <summary>
    /// The query (to join with) of the refs (subject keys, case numbers) sharing the most of the grams
    /// <see cref="NearMatchGrams.Select"/> keeps for the probe, read from at most <see cref="NearMatchGrams.PostingBudget"/>
    /// postings whatever the number of cases; null when no gram is worth reading. Joined in the same statement as the
    /// rows it names, so that the pool's refs are not sent back as a list of parameters.
    /// </summary>
    private async Task<(string Sql, object Parameters)?> CandidatesAsync(DbConnection connection, string regionCode, string kind, string normalizedProbe, double threshold,
        CancellationToken cancellationToken)
    {
        var bigrams = Similarity.BigramsOf(normalizedProbe).ToList();
        if (bigrams.Count == 0) return null;
        var counts = await RepeatIndex.CountsAsync(connection, database.Dialect, regionCode, kind, bigrams, cancellationToken);
        // Scores are rounded to three decimals before the comparison: a name a hair under the threshold counts too.
        var selection = NearMatchGrams.Select(normalizedProbe, counts, threshold - ScoreRounding);
        if (selection.PostingsToRead == 0) return null;

        // The inner LIMIT bounds the read when even the rarest gram has more postings than the budget.
        return ($"""
            SELECT ref FROM (
                SELECT ref FROM repeat_bigram WHERE region_code = @regionCode AND kind = @kind AND {database.Dialect.In("bigram", "kept")} LIMIT @budget
            ) postings
            GROUP BY ref ORDER BY COUNT(*) DESC, ref LIMIT @pool
            """, new { regionCode, kind, kept = selection.Kept.ToList(), budget = NearMatchGrams.PostingBudget, pool = CandidatePool });
    }

    private static IndexedRepeatCase ToCase(CaseFacts c, double score) => new(
        c.CaseNo, score, Enum.Parse<CaseStatus>(c.Status), DateTimeOffset.FromUnixTimeMilliseconds(c.ReceivedAt),
        c.ClosedAt is { } closed ? DateTimeOffset.FromUnixTimeMilliseconds(closed) : null,
        c.LeadUnit, c.Verdict is { } v ? Enum.Parse<Verdict>(v) : null, c.Target, c.RepeatOf,
        c.Categories.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Category>).ToList());
}
