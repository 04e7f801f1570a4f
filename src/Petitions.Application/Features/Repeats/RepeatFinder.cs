using Dapper;
using Orleans;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Subjects;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Repeats;

public static class RepeatReasons
{
    public const string SameTarget = "SameTarget";
    public const string SamePhone = "SamePhone";
    public const string SimilarTarget = "SimilarTarget";
    public const string SimilarAddress = "SimilarAddress";
}

/// <summary>A case that may be about the same subject, with how sure we are (1 = the same subject).</summary>
public sealed record RepeatCandidate(
    string CaseNo, double Score, string Reason, CaseStatus Status, DateTimeOffset ReceivedAt,
    string Unit, string UnitName, Verdict? Verdict, string Target, bool IsRepeat);

/// <summary>
/// Finds possible repeats without scanning cases: the subject grains answer exact matches (same target, or the same
/// phone within twelve months, in the region); the bigram index answers near matches of target and address.
/// </summary>
public sealed class RepeatFinder(IGrainFactory grains, IDatabase database, UnitDirectory units, PhoneHasher phones, IClock clock)
{
    public const double NearTargetThreshold = 0.5;
    public const double NearAddressThreshold = 0.6;
    private const int CandidateSubjects = 40;

    private sealed record CaseFacts
    {
        public string CaseNo { get; init; } = "";
        public string Status { get; init; } = "";
        public long ReceivedAt { get; init; }
        public string LeadUnit { get; init; } = "";
        public string? Verdict { get; init; }
        public string Target { get; init; } = "";
        public string? Address { get; init; }
        public string SubjectKey { get; init; } = "";
        public int IsRepeat { get; init; }
    }

    private sealed record Scored
    {
        public string Ref { get; init; } = "";
        public long Shared { get; init; }
    }

    private sealed record SubjectRow
    {
        public string SubjectKey { get; init; } = "";
        public string Normalized { get; init; } = "";
    }

    public async Task<IReadOnlyList<RepeatCandidate>> FindAsync(string regionCode, string target, string? phone, string? address, Scope scope, int limit, CancellationToken cancellationToken)
    {
        var tree = await units.GetAsync(cancellationToken);
        var found = new Dictionary<string, RepeatCandidate>();

        void Add(RepeatCandidate candidate)
        {
            if (!scope.Includes(candidate.Unit)) return;
            if (!found.TryGetValue(candidate.CaseNo, out var known) || known.Score < candidate.Score) found[candidate.CaseNo] = candidate;
        }

        var normalized = SubjectKey.Normalize(target);
        var subjectKey = normalized.Length > 0 ? SubjectKey.For(regionCode, target) : null;
        if (subjectKey is not null)
        {
            foreach (var c in await grains.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Target(subjectKey)).Cases())
            {
                Add(new RepeatCandidate(c.CaseNo, 1.0, RepeatReasons.SameTarget, c.Status, c.ReceivedAt, c.LeadUnit, tree.NameOf(c.LeadUnit), c.Verdict, c.Target, c.RepeatOf is not null));
            }
        }

        if (await phones.HashAsync(PhoneNumber.Normalize(phone), cancellationToken) is { } hash)
        {
            var since = clock.UtcNow - SubjectKeys.PhoneWindow;
            foreach (var c in (await grains.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Phone(regionCode, hash)).Cases()).Where(c => c.ReceivedAt >= since))
            {
                Add(new RepeatCandidate(c.CaseNo, 0.95, RepeatReasons.SamePhone, c.Status, c.ReceivedAt, c.LeadUnit, tree.NameOf(c.LeadUnit), c.Verdict, c.Target, c.RepeatOf is not null));
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        if (normalized.Length > 0)
        {
            var subjects = await SimilarSubjects(connection, database.Dialect, regionCode, normalized, subjectKey, cancellationToken);
            if (subjects.Count > 0)
            {
                var cases = await connection.QueryAsync<CaseFacts>(new CommandDefinition(
                    $"{FactsSql} WHERE {database.Dialect.In("subject_key", "keys")} ORDER BY received_at DESC LIMIT 200",
                    new { keys = subjects.Keys.ToList() }, cancellationToken: cancellationToken));
                foreach (var c in cases) Add(ToCandidate(c, subjects[c.SubjectKey], RepeatReasons.SimilarTarget, tree));
            }
        }

        if (!string.IsNullOrWhiteSpace(address) && SubjectKey.Normalize(address) is { Length: > 1 } normalizedAddress)
        {
            var bigrams = Similarity.BigramsOf(normalizedAddress).ToList();
            var refs = await connection.QueryAsync<Scored>(new CommandDefinition(
                $"""
                SELECT ref AS Ref, COUNT(*) AS Shared FROM repeat_bigram
                WHERE region_code = @regionCode AND kind = 'A' AND {database.Dialect.In("bigram", "bigrams")}
                GROUP BY ref ORDER BY COUNT(*) DESC LIMIT 100
                """, new { regionCode, bigrams }, cancellationToken: cancellationToken));
            var caseNos = refs.Select(r => r.Ref).ToList();
            if (caseNos.Count > 0)
            {
                var cases = await connection.QueryAsync<CaseFacts>(new CommandDefinition($"{FactsSql} WHERE {database.Dialect.In("case_no", "caseNos")}", new { caseNos }, cancellationToken: cancellationToken));
                foreach (var c in cases)
                {
                    var score = Similarity.Bigrams(normalizedAddress, SubjectKey.Normalize(c.Address ?? ""));
                    if (score >= NearAddressThreshold) Add(ToCandidate(c, Math.Round(0.9 * score, 3), RepeatReasons.SimilarAddress, tree));
                }
            }
        }

        return found.Values.OrderByDescending(c => c.Score).ThenByDescending(c => c.ReceivedAt).Take(limit).ToList();
    }

    private const string FactsSql =
        """
        SELECT case_no AS CaseNo, status AS Status, received_at AS ReceivedAt, lead_unit AS LeadUnit, verdict AS Verdict,
               target AS Target, address AS Address, subject_key AS SubjectKey, is_repeat AS IsRepeat
        FROM case_index
        """;

    /// <summary>Subjects in the region sharing the most target bigrams, scored by the Dice coefficient.</summary>
    private static async Task<Dictionary<string, double>> SimilarSubjects(System.Data.Common.DbConnection connection, SqlDialect dialect, string regionCode, string normalized, string? exactKey, CancellationToken cancellationToken)
    {
        var bigrams = Similarity.BigramsOf(normalized).ToList();
        var refs = (await connection.QueryAsync<Scored>(new CommandDefinition(
            $"""
            SELECT ref AS Ref, COUNT(*) AS Shared FROM repeat_bigram
            WHERE region_code = @regionCode AND kind = 'T' AND {dialect.In("bigram", "bigrams")}
            GROUP BY ref ORDER BY COUNT(*) DESC LIMIT @limit
            """, new { regionCode, bigrams, limit = CandidateSubjects }, cancellationToken: cancellationToken))).Select(r => r.Ref).Where(r => r != exactKey).ToList();
        if (refs.Count == 0) return [];
        var rows = await connection.QueryAsync<SubjectRow>(new CommandDefinition(
            $"SELECT subject_key AS SubjectKey, normalized AS Normalized FROM subject_index WHERE {dialect.In("subject_key", "refs")}", new { refs }, cancellationToken: cancellationToken));
        return rows.Select(r => (r.SubjectKey, Score: Math.Round(Similarity.Bigrams(normalized, r.Normalized), 3)))
            .Where(r => r.Score >= NearTargetThreshold)
            .ToDictionary(r => r.SubjectKey, r => r.Score);
    }

    private static RepeatCandidate ToCandidate(CaseFacts c, double score, string reason, UnitTree tree) => new(
        c.CaseNo, score, reason, Enum.Parse<CaseStatus>(c.Status), DateTimeOffset.FromUnixTimeMilliseconds(c.ReceivedAt),
        c.LeadUnit, tree.NameOf(c.LeadUnit), c.Verdict is { } v ? Enum.Parse<Verdict>(v) : null, c.Target, c.IsRepeat == 1);
}
