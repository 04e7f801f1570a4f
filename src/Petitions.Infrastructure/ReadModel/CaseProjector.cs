using System.Data.Common;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// Writes a case into the read model in one transaction: the case row (only if its version is not older than the
/// stored one), then its units and categories, its text-search grams and near-match postings, and the statistics counters by the difference between the old and the new row. Lists, search, statistics and the problem list read these rows.
/// After the commit it tells the unit grains whose counters changed (they keep their statistics in memory).
/// </summary>
public sealed class CaseProjector(IDatabase database, UnitStatisticsNotifier units) : ICaseProjector
{
    private const string Upsert =
        """
        INSERT INTO case_index (
            case_no, version, storage_etag, status, channel, region_code, lead_unit, co_units, round_code, batch_no,
            external_ref, received_at, registered_at, accepted_at, due_at, is_open, closed_at, close_kind, closed_on_time,
            verdict, satisfaction, is_repeat, repeat_of, repeat_count, on_problem_list, problem_source, problem_reason,
            problem_target, problem_due_at, problem_responsible, reopen_count, leader_name, leader_title,
            supervision_count, open_supervision, extension_status, categories, target, subject_key, address,
            description, updated_at, came_back, repeat_decision, phone_hash, notice_due_at,
            case_type, urgent_kind, urgent_reports, diverted_to)
        VALUES (
            @CaseNo, @Version, @StorageEtag, @Status, @Channel, @RegionCode, @LeadUnit, @CoUnits, @RoundCode, @BatchNo,
            @ExternalRef, @ReceivedAt, @RegisteredAt, @AcceptedAt, @DueAt, @IsOpen, @ClosedAt, @CloseKind, @ClosedOnTime,
            @Verdict, @Satisfaction, @IsRepeat, @RepeatOf, @RepeatCount, @OnProblemList, @ProblemSource, @ProblemReason,
            @ProblemTarget, @ProblemDueAt, @ProblemResponsible, @ReopenCount, @LeaderName, @LeaderTitle,
            @SupervisionCount, @OpenSupervision, @ExtensionStatus, @Categories, @Target, @SubjectKey, @Address,
            @Description, @UpdatedAt, @CameBack, @RepeatDecision, @PhoneHash, @NoticeDueAt,
            @CaseType, @UrgentKind, @UrgentReports, @DivertedTo)
        ON CONFLICT (case_no) DO UPDATE SET
            version = excluded.version, storage_etag = excluded.storage_etag, status = excluded.status,
            channel = excluded.channel, region_code = excluded.region_code, lead_unit = excluded.lead_unit,
            co_units = excluded.co_units, round_code = excluded.round_code, batch_no = excluded.batch_no,
            external_ref = excluded.external_ref, received_at = excluded.received_at,
            registered_at = excluded.registered_at, accepted_at = excluded.accepted_at, due_at = excluded.due_at,
            is_open = excluded.is_open, closed_at = excluded.closed_at, close_kind = excluded.close_kind,
            closed_on_time = excluded.closed_on_time, verdict = excluded.verdict, satisfaction = excluded.satisfaction,
            is_repeat = excluded.is_repeat, repeat_of = excluded.repeat_of, repeat_count = excluded.repeat_count,
            on_problem_list = excluded.on_problem_list, problem_source = excluded.problem_source,
            problem_reason = excluded.problem_reason, problem_target = excluded.problem_target,
            problem_due_at = excluded.problem_due_at, problem_responsible = excluded.problem_responsible,
            reopen_count = excluded.reopen_count, leader_name = excluded.leader_name,
            leader_title = excluded.leader_title, supervision_count = excluded.supervision_count,
            open_supervision = excluded.open_supervision, extension_status = excluded.extension_status,
            categories = excluded.categories, target = excluded.target, subject_key = excluded.subject_key,
            address = excluded.address, description = excluded.description, updated_at = excluded.updated_at,
            came_back = excluded.came_back, repeat_decision = excluded.repeat_decision, phone_hash = excluded.phone_hash,
            notice_due_at = excluded.notice_due_at,
            case_type = excluded.case_type, urgent_kind = excluded.urgent_kind, urgent_reports = excluded.urgent_reports,
            diverted_to = excluded.diverted_to
        WHERE case_index.version < excluded.version
           OR (case_index.version = excluded.version AND COALESCE(case_index.storage_etag, '') <> COALESCE(excluded.storage_etag, ''))
        """;

    public Task ProjectAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default) =>
        WriteAsync([(petitionCase, storageEtag)], replace: false, cancellationToken);

    public Task ReplaceAsync(PetitionCase petitionCase, string? storageEtag, CancellationToken cancellationToken = default) =>
        WriteAsync([(petitionCase, storageEtag)], replace: true, cancellationToken);

    /// <summary>
    /// Projects many cases in one transaction (bulk loads: the benchmark's read model, imports): each case exactly as
    /// <see cref="ProjectAsync"/> would, the counters changed once for the whole batch.
    /// </summary>
    public Task ProjectBatchAsync(IReadOnlyList<(PetitionCase Case, string? StorageEtag)> cases, CancellationToken cancellationToken = default) =>
        WriteAsync(cases, replace: false, cancellationToken);

    private async Task WriteAsync(IReadOnlyList<(PetitionCase Case, string? StorageEtag)> cases, bool replace, CancellationToken cancellationToken)
    {
        var changed = await CommitAsync(cases, replace, cancellationToken);
        await units.TellAsync(changed);
    }

    /// <summary>Writes the rows and the counters in one transaction; returns, once committed, the lead units whose counters changed.</summary>
    private async Task<IReadOnlyList<string>> CommitAsync(IReadOnlyList<(PetitionCase Case, string? StorageEtag)> cases, bool replace, CancellationToken cancellationToken)
    {
        // SQLite: in the file's group commit, with the grain-state writes of the moment (one fsync for all of them).
        if (database is Storage.SqliteDatabase sqlite)
        {
            IReadOnlyList<string> changedUnits = [];
            await sqlite.GroupCommit.RunAsync(async (connection, transaction) =>
                changedUnits = await WriteAllAsync(connection, transaction, cases, replace, cancellationToken));
            return changedUnits;
        }

        await using var connection = await database.OpenDerivedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Derived data: no need to wait for the flush (see IDatabase.OpenDerivedAsync).
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL synchronous_commit TO OFF", transaction: transaction, cancellationToken: cancellationToken));
        var changed = await WriteAllAsync(connection, transaction, cases, replace, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// The case rows, the statistics counters (changed by new row − old row, in this same transaction: exact by
    /// construction) and the near-match index's posting counts, all in the caller's transaction.
    /// </summary>
    private async Task<IReadOnlyList<string>> WriteAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(PetitionCase Case, string? StorageEtag)> cases, bool replace,
        CancellationToken cancellationToken)
    {
        var delta = new StatsCounters.Delta();
        var postings = new RepeatIndex.PostingCounts();
        foreach (var (petitionCase, storageEtag) in cases)
        {
            await WriteCaseAsync(connection, transaction, database.Dialect, petitionCase, storageEtag, replace, delta, postings, cancellationToken);
        }

        await delta.ApplyAsync(connection, transaction, cancellationToken);
        // The posting counts of a region's common grams are hot rows on PostgreSQL (every registration of the region
        // updates them, each waiting for the one before it to commit): applied last, so they are held as briefly as
        // possible. They stay in the transaction: an outage between two commits would leave them off.
        await postings.ApplyAsync(connection, transaction, cancellationToken);
        return delta.LeadUnits;
    }

    private static async Task WriteCaseAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, PetitionCase petitionCase, string? storageEtag, bool replace,
        StatsCounters.Delta delta, RepeatIndex.PostingCounts postings, CancellationToken cancellationToken)
    {
        var row = CaseRow.From(petitionCase, storageEtag);
        var old = await connection.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(
            $"SELECT {StatsCounters.RowColumns} FROM case_index ci WHERE ci.case_no = @CaseNo", row, transaction, cancellationToken: cancellationToken));
        if (replace && old is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM case_index WHERE case_no = @CaseNo", row, transaction, cancellationToken: cancellationToken));
        }

        var isNew = replace || old is null;
        var changed = await connection.ExecuteAsync(new CommandDefinition(Upsert, row, transaction, cancellationToken: cancellationToken));
        if (isNew)
        {
            await RepeatIndex.AddAsync(connection, transaction, petitionCase, postings, cancellationToken);
        }

        if (changed > 0 && (isNew || old!.Target != row.Target || old.Description != row.Description || old.Address != row.Address))
        {
            await CaseTextSearch.WriteAsync(connection, transaction, dialect, row.CaseNo, row.Target, row.Description, row.Address, cancellationToken);
        }

        if (changed > 0)
        {
            delta.Add(old, -1);
            delta.Add(row, +1);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM case_unit WHERE case_no = @CaseNo", row, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO case_unit (case_no, unit_code, is_lead, status, received_at) VALUES (@CaseNo, @UnitCode, @IsLead, @Status, @ReceivedAt)",
                petitionCase.Units.Select(u => new { row.CaseNo, UnitCode = u, IsLead = u == row.LeadUnit ? 1 : 0, row.Status, row.ReceivedAt }),
                transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM case_category WHERE case_no = @CaseNo", row, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO case_category (case_no, category) VALUES (@CaseNo, @Category)",
                petitionCase.Categories.Distinct().Select(c => new { row.CaseNo, Category = c.ToString() }),
                transaction, cancellationToken: cancellationToken));
            await ReviewIndex.WriteAsync(connection, transaction, petitionCase, cancellationToken);
        }

        // The reveal log is append-only and keyed by timeline entry: recorded whatever the case row's fate.
        await RevealLogStore.RecordAsync(connection, transaction, petitionCase, cancellationToken);
    }
}
