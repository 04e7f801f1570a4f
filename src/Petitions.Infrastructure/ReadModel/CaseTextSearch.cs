using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The text search index over a case's number, target, description and address (schema 0018): the distinct
/// characters and two-character grams of each field, lower-cased. Chinese has no word boundaries and no tokenizer is
/// installed, so grams are the unit: a query of one character looks up that character, a longer query the grams it
/// contains (all must be present), which narrows the candidates to a few rows; the substring condition then decides
/// exactly, so the index changes the cost of <c>q</c>, never its answer.
/// SQLite: an FTS5 table (contentless, detail=none) whose tokens are the grams spelled in hex, keyed by
/// case_search_key (a stable integer per case number; case_index's own rowid may change on VACUUM), written in the
/// projector's transaction. PostgreSQL: the row's grams in a generated column, search_grams (petitions_case_grams(...),
/// schema 0023), with a GIN index, which PostgreSQL maintains in the row's transaction.
/// </summary>
public static class CaseTextSearch
{
    /// <summary>Query grams beyond this many add little selectivity; the substring condition checks the rest.</summary>
    private const int MaxQueryGrams = 12;

    /// <summary>
    /// The condition on case_index ci that a row containing the text must satisfy (a superset of the matches; exactly
    /// the matches when <see cref="GramsDecide"/>). SQLite, <paramref name="drives"/> false: the same set, written so
    /// that the planner does not start from it (a unary + on the column) but walks the ORDER BY's index and checks
    /// each row against it; see CaseIndexQueries.
    /// </summary>
    public static string Condition(SqlDialect dialect, bool drives = true) => dialect == SqlDialect.Postgres
        ? "ci.search_grams @> @searchGrams"
        : $"""
          {(drives ? "" : "+")}ci.case_no IN (SELECT k.case_no FROM case_search s JOIN case_search_key k ON k.id = s.rowid
                         WHERE case_search MATCH @searchGrams)
          """;

    /// <summary>
    /// Whether the gram index alone decides the text, so that no substring check is needed: a text of one or two
    /// characters is one gram, and a field has that gram exactly when it contains the text. Only for characters that
    /// are ASCII or have no case (Chinese, digits, punctuation), where the index's lower-casing and the database's
    /// case-insensitive LIKE agree.
    /// </summary>
    public static bool GramsDecide(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        return runes.Count is 1 or 2 && runes.All(r => r.IsAscii || (Rune.ToLowerInvariant(r) == r && Rune.ToUpperInvariant(r) == r));
    }

    /// <summary>The parameter of <see cref="Condition"/>: the FTS5 query (SQLite) or the array of grams (PostgreSQL).</summary>
    public static object QueryParameter(SqlDialect dialect, string text)
    {
        var grams = QueryGrams(text.ToLowerInvariant());
        return dialect == SqlDialect.Postgres ? grams.ToArray() : string.Join(' ', grams.Select(Token));
    }

    /// <summary>One character: itself; longer: its distinct two-character grams (evenly thinned to a bounded number).</summary>
    public static IReadOnlyList<string> QueryGrams(string lowered)
    {
        var runes = Runes(lowered);
        if (runes.Count == 1) return [runes[0]];
        var bigrams = Enumerable.Range(0, runes.Count - 1).Select(i => runes[i] + runes[i + 1]).Distinct().ToList();
        if (bigrams.Count <= MaxQueryGrams) return bigrams;
        return Enumerable.Range(0, MaxQueryGrams).Select(i => bigrams[i * (bigrams.Count - 1) / (MaxQueryGrams - 1)]).Distinct().ToList();
    }

    /// <summary>The distinct characters and two-character grams of each field (lower-cased; grams never span two fields).</summary>
    public static IEnumerable<string> DocumentGrams(params string?[] fields)
    {
        var grams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (string.IsNullOrEmpty(field)) continue;
            var runes = Runes(field.ToLowerInvariant());
            for (var i = 0; i < runes.Count; i++)
            {
                grams.Add(runes[i]);
                if (i + 1 < runes.Count) grams.Add(runes[i] + runes[i + 1]);
            }
        }

        return grams;
    }

    /// <summary>A gram as an FTS5 bareword: six hex digits per code point (so no tokenizer ever splits or folds it).</summary>
    public static string Token(string gram)
    {
        var token = new StringBuilder(12);
        foreach (var rune in gram.EnumerateRunes()) token.Append(rune.Value.ToString("x6", CultureInfo.InvariantCulture));
        return token.ToString();
    }

    /// <summary>SQLite: (re)writes the case's entry in the FTS5 table, in the caller's transaction. PostgreSQL: nothing (an index).</summary>
    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string caseNo, string? target, string? description, string? address, CancellationToken cancellationToken)
    {
        if (dialect == SqlDialect.Postgres) return;
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO case_search_key (case_no) VALUES (@caseNo) ON CONFLICT (case_no) DO UPDATE SET case_no = excluded.case_no RETURNING id",
            new { caseNo }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM case_search WHERE rowid = @id", new { id }, transaction, cancellationToken: cancellationToken));
        var grams = string.Join(' ', DocumentGrams(caseNo, target, description, address).Select(Token));
        await connection.ExecuteAsync(new CommandDefinition("INSERT INTO case_search (rowid, grams) VALUES (@id, @grams)", new { id, grams }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// SQLite, once after schema 0018 on a database that already had cases (meta 'search.backfill'): indexes every
    /// case row in batches of 2,000, each batch in its own transaction, then removes the mark.
    /// </summary>
    public static async Task BackfillAsync(DbConnection connection, Action<long> progress, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<string?>("SELECT value FROM meta WHERE key = 'search.backfill'") is null) return;
        var after = "";
        long done = 0;
        while (true)
        {
            var rows = (await connection.QueryAsync<(string CaseNo, string Target, string Description, string? Address)>(new CommandDefinition(
                "SELECT case_no, target, description, address FROM case_index WHERE case_no > @after ORDER BY case_no LIMIT 2000",
                new { after }, cancellationToken: cancellationToken))).ToList();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var row in rows)
            {
                await WriteAsync(connection, transaction, SqlDialect.Sqlite, row.CaseNo, row.Target, row.Description, row.Address, cancellationToken);
            }

            if (rows.Count == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM meta WHERE key = 'search.backfill'", transaction: transaction, cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            if (rows.Count == 0) break;
            done += rows.Count;
            after = rows[^1].CaseNo;
            progress(done);
        }
    }

    private static List<string> Runes(string text) => text.EnumerateRunes().Select(r => r.ToString()).ToList();
}
