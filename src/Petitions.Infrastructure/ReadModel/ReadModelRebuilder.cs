using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Storage;
using Petitions.Domain.Cases;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The recount: reads every case state straight from grain storage, derives what its read-model rows must be, and
/// repairs and reports every row that differs (a missing row, a stale one, one without a case). Statistics are
/// aggregates of these rows, so after a recount they equal a recount from the case data by construction.
/// </summary>
public sealed class ReadModelRebuilder(IDatabase database, GrainStateJsonSerializer serializer, ICaseProjector projector, ClusterSettings cluster, UnitStatisticsNotifier units, ILogger<ReadModelRebuilder> logger) : IReadModelRecount
{
    private const int PageSize = 500;

    private sealed record StoredCase
    {
        public string CaseNo { get; init; } = "";
        public byte[] Payload { get; init; } = [];
        public long Version { get; init; }
    }

    public async Task<RecountReport> RebuildAsync(CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var before = await TallyAsync(cancellationToken);
        long cases = 0, inserted = 0, updated = 0;
        var differences = new List<RecountDifference>();
        string after = "";
        await using var connection = await database.OpenAsync(cancellationToken);
        while (true)
        {
            var page = (await connection.QueryAsync<StoredCase>(new CommandDefinition(
                """
                SELECT GrainIdExtensionString AS CaseNo, PayloadBinary AS Payload, Version AS Version FROM OrleansStorage
                WHERE ServiceId = @service AND GrainTypeString = @type AND PayloadBinary IS NOT NULL AND GrainIdExtensionString > @after
                ORDER BY GrainIdExtensionString LIMIT @limit
                """,
                new { service = cluster.ServiceId, type = StateNames.PetitionCase, after, limit = PageSize }, cancellationToken: cancellationToken))).ToList();
            if (page.Count == 0) break;
            after = page[^1].CaseNo;

            var rows = (await connection.QueryAsync<CaseRow>(new CommandDefinition(
                $"SELECT {CaseRow.Columns} FROM case_index ci WHERE {database.Dialect.In("ci.case_no", "caseNos")}",
                new { caseNos = page.Select(p => p.CaseNo).ToList() }, cancellationToken: cancellationToken))).ToDictionary(r => r.CaseNo);
            var units = (await connection.QueryAsync<(string CaseNo, string UnitCode)>(new CommandDefinition(
                $"SELECT case_no, unit_code FROM case_unit WHERE {database.Dialect.In("case_no", "caseNos")}",
                new { caseNos = page.Select(p => p.CaseNo).ToList() }, cancellationToken: cancellationToken))).ToLookup(u => u.CaseNo, u => u.UnitCode);
            var categories = (await connection.QueryAsync<(string CaseNo, string Category)>(new CommandDefinition(
                $"SELECT case_no, category FROM case_category WHERE {database.Dialect.In("case_no", "caseNos")}",
                new { caseNos = page.Select(p => p.CaseNo).ToList() }, cancellationToken: cancellationToken))).ToLookup(c => c.CaseNo, c => c.Category);
            var reviews = await ReviewIndex.ReadAsync(connection, database.Dialect, page.Select(p => p.CaseNo).ToList(), cancellationToken);

            foreach (var stored in page)
            {
                var state = serializer.Deserialize<PetitionCaseState>(stored.Payload);
                if (state?.Case is not { } petitionCase) continue;
                cases++;
                var etag = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var expected = CaseRow.From(petitionCase, etag);
                var fields = rows.TryGetValue(stored.CaseNo, out var actual) ? Compare(expected, actual) : null;
                if (fields is not null)
                {
                    if (!units[stored.CaseNo].Order().SequenceEqual(petitionCase.Units.Order())) fields.Add("units");
                    if (!categories[stored.CaseNo].Order().SequenceEqual(petitionCase.Categories.Distinct().Select(c => c.ToString()).Order())) fields.Add("categories");
                    if (!reviews[stored.CaseNo].Order().SequenceEqual(ReviewIndex.Expected(petitionCase).Order())) fields.Add("reviews");
                    if (fields.Count == 0) continue;
                }

                await projector.ReplaceAsync(petitionCase, etag, cancellationToken);
                if (fields is null) inserted++; else updated++;
                if (differences.Count < 200) differences.Add(new RecountDifference(stored.CaseNo, fields is null ? "Missing" : "Stale", fields ?? []));
            }
        }

        var removed = await RemoveOrphansAsync(connection, differences, cancellationToken);
        // The rows now equal the case states; the counters must equal the rows' recount.
        var counters = await StatsCounters.RecountAsync(connection, database.Dialect, cancellationToken);
        // A corrected counter must not live on in a unit grain's copy.
        await units.TellAsync(counters.Select(d => d.Key.LeadUnit));
        // So must the near-match index's posting counts equal a recount of its postings.
        var gramCounts = await RepeatIndex.RecountAsync(connection, database.Dialect, cancellationToken);
        var report = new RecountReport(cases, inserted, updated, removed, differences, before, await TallyAsync(cancellationToken), watch.Elapsed.TotalMilliseconds)
        {
            CounterDifferences = counters.Take(200).Select(d => new CounterDifference(d.Key.Describe(), d.Measure, d.Expected, d.Found)).ToList(),
            CountersCorrected = counters.Count,
            GramCountsCorrected = gramCounts,
        };
        if (counters.Count > 0)
        {
            logger.LogWarning("Read model recount: {Count} statistics counter value(s) differed from the recount and were corrected", counters.Count);
        }

        if (gramCounts > 0)
        {
            logger.LogWarning("Read model recount: {Count} near-match gram count(s) differed from the recount of the postings and were corrected", gramCounts);
        }

        logger.LogInformation("Read model recount: {Cases} cases, {Inserted} inserted, {Updated} repaired, {Removed} removed in {Elapsed:0} ms",
            cases, inserted, updated, removed, report.ElapsedMs);
        return report;
    }

    /// <summary>
    /// Cases whose stored state is newer than their read-model row (a crash between the two writes): returns their
    /// numbers so the caller can activate them (activation re-publishes everything, not only the row).
    /// </summary>
    public async Task<IReadOnlyList<string>> FindStaleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT s.GrainIdExtensionString FROM OrleansStorage s
            LEFT JOIN case_index c ON c.case_no = s.GrainIdExtensionString
            WHERE s.ServiceId = @service AND s.GrainTypeString = @type AND s.PayloadBinary IS NOT NULL
              AND (c.case_no IS NULL OR COALESCE(c.storage_etag, '') <> CAST(s.Version AS TEXT))
            """,
            new { service = cluster.ServiceId, type = StateNames.PetitionCase }, cancellationToken: cancellationToken))).ToList();
    }

    private async Task<long> RemoveOrphansAsync(DbConnection connection, List<RecountDifference> differences, CancellationToken cancellationToken)
    {
        var orphans = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT c.case_no FROM case_index c WHERE NOT EXISTS (
                SELECT 1 FROM OrleansStorage s WHERE s.ServiceId = @service AND s.GrainTypeString = @type
                  AND s.GrainIdExtensionString = c.case_no AND s.PayloadBinary IS NOT NULL)
            """,
            new { service = cluster.ServiceId, type = StateNames.PetitionCase }, cancellationToken: cancellationToken))).ToList();
        foreach (var caseNo in orphans)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The row leaves the counters with it, in the same transaction.
            var delta = new StatsCounters.Delta();
            delta.Add(await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
                $"SELECT {StatsCounters.RowColumns} FROM case_index ci WHERE ci.case_no = @caseNo", new { caseNo }, transaction, cancellationToken: cancellationToken)), -1);
            foreach (var table in new[] { "case_index", "case_unit", "case_category", "case_review" })
            {
                await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE case_no = @caseNo", new { caseNo }, transaction, cancellationToken: cancellationToken));
            }

            // Its address postings leave the near-match index, and their counts, with it.
            var postings = new RepeatIndex.PostingCounts();
            await RepeatIndex.RemoveAddressAsync(connection, transaction, caseNo, postings, cancellationToken);
            await postings.ApplyAsync(connection, transaction, cancellationToken);
            await delta.ApplyAsync(connection, transaction, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
            await units.TellAsync(delta.LeadUnits);
            if (differences.Count < 200) differences.Add(new RecountDifference(caseNo, "Orphan", []));
        }

        return orphans.Count;
    }

    private async Task<RecountTally> TallyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<RecountTally>(new CommandDefinition(
            """
            SELECT COUNT(*) AS Cases,
                   COALESCE(SUM(CASE WHEN status = 'NotAccepted' THEN 1 ELSE 0 END), 0) AS NotAccepted,
                   COALESCE(SUM(is_open), 0) AS Open,
                   COALESCE(SUM(CASE WHEN status = 'Closed' THEN 1 ELSE 0 END), 0) AS Closed,
                   COALESCE(SUM(CASE WHEN status = 'Closed' AND close_kind = 'Final' THEN 1 ELSE 0 END), 0) AS ClosedFinal,
                   COALESCE(SUM(CASE WHEN status = 'Closed' AND close_kind = 'Stage' THEN 1 ELSE 0 END), 0) AS ClosedStage,
                   COALESCE(SUM(repeat_count), 0) AS Repeats,
                   COALESCE(SUM(CASE WHEN satisfaction = 'Dissatisfied' THEN 1 ELSE 0 END), 0) AS Dissatisfied,
                   COALESCE(SUM(on_problem_list), 0) AS OnProblemList
            FROM case_index
            """, cancellationToken: cancellationToken));
    }

    /// <summary>The columns that differ (storage etag and the update time are bookkeeping, not data).</summary>
    private static List<string> Compare(CaseRow expected, CaseRow actual) =>
        typeof(CaseRow).GetProperties()
            .Where(p => p.Name is not nameof(CaseRow.StorageEtag) and not nameof(CaseRow.UpdatedAt))
            .Where(p => !Equals(p.GetValue(expected), p.GetValue(actual)))
            .Select(p => p.Name)
            .ToList();
}
