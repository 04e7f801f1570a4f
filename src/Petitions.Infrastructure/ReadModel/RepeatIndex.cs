using System.Data.Common;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// Writes a new case's subject and the bigrams of its target and address into the near-match index, and keeps
/// repeat_bigram_count (how many postings each region's gram has, which the search reads to choose its grams) equal to
/// a recount of repeat_bigram, in the same transaction.
/// </summary>
public static class RepeatIndex
{
    public const string TargetKind = "T";
    public const string AddressKind = "A";

    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, PetitionCase c, PostingCounts counts, CancellationToken cancellationToken)
    {
        var normalized = SubjectKey.Normalize(c.Target);
        var newSubject = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO subject_index (subject_key, region_code, normalized, target) VALUES (@SubjectKey, @RegionCode, @Normalized, @Target)
            ON CONFLICT (subject_key) DO NOTHING
            """,
            new { c.SubjectKey, c.RegionCode, Normalized = normalized, c.Target }, transaction, cancellationToken: cancellationToken)) > 0;

        var rows = new List<(string Kind, string Bigram, string Ref)>();
        if (newSubject)
        {
            rows.AddRange(Similarity.BigramsOf(normalized).Select(b => (TargetKind, b, c.SubjectKey)));
        }

        if (!string.IsNullOrWhiteSpace(c.Address) && SubjectKey.Normalize(c.Address) is { Length: > 0 } address)
        {
            rows.AddRange(Similarity.BigramsOf(address).Select(b => (AddressKind, b, c.CaseNo)));
        }

        // One statement for all of a case's postings; only the rows really inserted (not those already there, as when
        // the recount replaces a case) add to the counts.
        if (rows.Count == 0) return;
        var (select, parameters) = RowSource.Of(connection, ["kind", "bigram", "ref"], rows.Select(r => new object[] { r.Kind, r.Bigram, r.Ref }).ToList());
        parameters.Add("region", c.RegionCode);
        foreach (var (kind, bigram) in await connection.QueryAsync<(string, string)>(new CommandDefinition(
                     $"INSERT INTO repeat_bigram (region_code, kind, bigram, ref) SELECT @region, kind, bigram, ref FROM ({select}) postings WHERE true ON CONFLICT DO NOTHING RETURNING kind, bigram",
                     parameters, transaction, cancellationToken: cancellationToken)))
        {
            counts.Add(c.RegionCode, kind, bigram, +1);
        }
    }

    /// <summary>Removes a case's address postings (a read-model row without a case), counted out in the same transaction.</summary>
    public static async Task RemoveAddressAsync(DbConnection connection, DbTransaction transaction, string caseNo, PostingCounts counts, CancellationToken cancellationToken)
    {
        var removed = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            $"DELETE FROM repeat_bigram WHERE kind = '{AddressKind}' AND ref = @caseNo RETURNING region_code, bigram",
            new { caseNo }, transaction, cancellationToken: cancellationToken));
        foreach (var (region, bigram) in removed)
        {
            counts.Add(region, AddressKind, bigram, -1);
        }
    }

    /// <summary>
    /// The counts of the given grams of a region and kind (one indexed read); a gram without postings is absent.
    /// </summary>
    public static async Task<Dictionary<string, long>> CountsAsync(DbConnection connection, SqlDialect dialect, string regionCode, string kind, IReadOnlyList<string> bigrams,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Bigram, long Postings)>(new CommandDefinition(
            $"SELECT bigram, postings FROM repeat_bigram_count WHERE region_code = @regionCode AND kind = @kind AND {dialect.In("bigram", "bigrams")}",
            new { regionCode, kind, bigrams = bigrams.ToList() }, cancellationToken: cancellationToken)))
        .ToDictionary(r => r.Bigram, r => r.Postings, StringComparer.Ordinal);

    /// <summary>
    /// Accumulates posting-count changes of one transaction and applies them at its end, in one fixed key order (so
    /// that concurrent PostgreSQL transactions lock count rows in the same order and cannot deadlock).
    /// </summary>
    public sealed class PostingCounts
    {
        private readonly Dictionary<(string Region, string Kind, string Bigram), long> changes = [];

        public void Add(string region, string kind, string bigram, long change)
        {
            var key = (region, kind, bigram);
            changes[key] = changes.GetValueOrDefault(key) + change;
        }

        public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var ordered = changes.Where(c => c.Value != 0)
                .OrderBy(c => c.Key.Region, StringComparer.Ordinal).ThenBy(c => c.Key.Kind, StringComparer.Ordinal).ThenBy(c => c.Key.Bigram, StringComparer.Ordinal)
                .ToList();
            if (ordered.Count > 0)
            {
                var (select, parameters) = RowSource.Of(connection, ["region_code", "kind", "bigram", "postings"],
                    ordered.Select(c => new object[] { c.Key.Region, c.Key.Kind, c.Key.Bigram, c.Value }).ToList());
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                     INSERT INTO repeat_bigram_count (region_code, kind, bigram, postings) {select}
                     ON CONFLICT (region_code, kind, bigram) DO UPDATE SET postings = repeat_bigram_count.postings + excluded.postings
                     """, parameters, transaction, cancellationToken: cancellationToken));
            }

            if (ordered.Any(c => c.Value < 0))
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM repeat_bigram_count WHERE postings <= 0", transaction: transaction, cancellationToken: cancellationToken));
            }

            changes.Clear();
        }
    }

    /// <summary>
    /// Makes repeat_bigram_count equal to a recount of repeat_bigram, in one transaction that holds off the projector
    /// meanwhile (SQLite: the write lock; PostgreSQL: table locks taken in the projector's order), and returns how many
    /// gram counts differed.
    /// </summary>
    public static async Task<long> RecountAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("LOCK TABLE repeat_bigram, repeat_bigram_count IN SHARE ROW EXCLUSIVE MODE", transaction: transaction, cancellationToken: cancellationToken));
        }

        const string recount = "SELECT region_code, kind, bigram, COUNT(*) AS postings FROM repeat_bigram GROUP BY region_code, kind, bigram";
        const string stored = "SELECT region_code, kind, bigram, postings FROM repeat_bigram_count";
        var differing = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            SELECT COUNT(*) FROM (
                SELECT region_code, kind, bigram FROM ({recount} EXCEPT {stored}) expected_not_stored
                UNION
                SELECT region_code, kind, bigram FROM ({stored} EXCEPT {recount}) stored_not_expected
            ) differing
            """, transaction: transaction, cancellationToken: cancellationToken));
        if (differing > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM repeat_bigram_count", transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO repeat_bigram_count (region_code, kind, bigram, postings) {recount}", transaction: transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return differing;
    }
}
