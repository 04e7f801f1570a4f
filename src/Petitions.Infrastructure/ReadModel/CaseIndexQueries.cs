using System.Data.Common;
using Dapper;
using Petitions.Application.Common.ReadModel;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>Pages of the case index for lists, the problem list and look-back sampling (case_index, case_unit, case_category).</summary>
public sealed class CaseIndexQueries(IDatabase database) : ICaseIndex
{
    public async Task<CaseIndexPage<CaseIndexEntry>> PageAsync(CaseIndexFilter filter, CaseOrder order, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var where = Where(filter);
        if (!where.CanMatch) return new CaseIndexPage<CaseIndexEntry>([], 0);

        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(where.CountSql, where.Parameters, cancellationToken: cancellationToken));
        if (total == 0) return new CaseIndexPage<CaseIndexEntry>([], 0);

        var walk = where.HasCaseSets && await WalkReceivedOrderAsync(connection, order, total, page, pageSize, cancellationToken);
        where.Param("limit", pageSize).Param("offset", (long)(page - 1) * pageSize);
        var from = walk ? $"case_index ci INDEXED BY ix_case_index_received {where.CheckingClause}" : $"case_index ci {where.Clause}";
        var rows = (await connection.QueryAsync<CaseRow>(new CommandDefinition(
            $"SELECT {CaseRow.Columns} FROM {from} ORDER BY {OrderBy(order, filter)} LIMIT @limit OFFSET @offset",
            where.Parameters, cancellationToken: cancellationToken))).Select(r => r.ToEntry()).ToList();
        return new CaseIndexPage<CaseIndexEntry>(rows, (int)total);
    }

    /// <summary>
    /// SQLite, a list by received time whose filter has a set of cases from another table (units, category, text):
    /// whether to walk the received-time index, checking each case against the filter, rather than find every match
    /// and sort them. SQLite's planner has no statistics and starts from the set, which for a broad filter reads and
    /// sorts hundreds of thousands of rows for a page of 20 (at 1M cases: a unit's 80,932 cases 256 ms against 0.1,
    /// the category Air 407 against 0.1, the word 硅业 62 against 19). Walking pays when the page is reached within a
    /// few thousand cases of the index: expected (cases before the page's end) × (all cases / matches), from the count
    /// just made. The estimate assumes the matches spread evenly over time (a filter whose matches are all old walks
    /// further than it expects), which is why filters on case_index's own columns are left to the planner and their
    /// indexes that end in received_at (status, type, round). PostgreSQL's planner weighs this itself from its statistics.
    /// </summary>
    private async Task<bool> WalkReceivedOrderAsync(DbConnection connection, CaseOrder order, long total, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (database.Dialect != SqlDialect.Sqlite || order is not (CaseOrder.NewestFirst or CaseOrder.OldestFirst)) return false;
        // The highest rowid: the number of rows, or more when rows were replaced (then the estimate only errs towards sorting).
        var cases = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(rowid), 0) FROM case_index", cancellationToken: cancellationToken));
        return (double)page * pageSize * cases / total <= WalkBudget;
    }

    /// <summary>How many index entries a walk may be expected to read (about 1 µs each) before sorting the matches is cheaper.</summary>
    private const double WalkBudget = 20_000;

    private const string OnTheProblemList =
        $"""
        ci.on_problem_list = 1
        OR ci.came_back IS NOT NULL
        OR (ci.is_open = 1 AND (ci.repeat_count > 0 OR ci.is_repeat = 1))
        OR ci.satisfaction = 'Dissatisfied'
        OR ({CaseRow.OverdueCondition})
        """;

    private const string ProblemListOrder =
        $"""
        CASE WHEN {CaseRow.OverdueCondition} THEN 0 ELSE 1 END,
        CASE WHEN COALESCE(ci.problem_due_at, ci.due_at) IS NULL THEN 1 ELSE 0 END,
        COALESCE(ci.problem_due_at, ci.due_at), ci.case_no
        """;

    public async Task<CaseIndexPage<ProblemListCase>> ProblemListAsync(CaseIndexFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var where = Where(filter).And(OnTheProblemList);
        if (!where.CanMatch) return new CaseIndexPage<ProblemListCase>([], 0);

        where.Param("limit", pageSize).Param("offset", (long)(page - 1) * pageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM case_index ci {where.Clause}", where.Parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<CaseRow, LeadUnitResponsible, ProblemListCase>(new CommandDefinition(
                $"""
                SELECT {CaseRow.Columns}, u.responsible_person AS UnitResponsible
                FROM case_index ci LEFT JOIN units u ON u.code = ci.lead_unit {where.Clause}
                ORDER BY {ProblemListOrder} LIMIT @limit OFFSET @offset
                """,
                where.Parameters, cancellationToken: cancellationToken),
            (row, unit) => new ProblemListCase(row.ToEntry(), unit?.UnitResponsible), splitOn: nameof(LeadUnitResponsible.UnitResponsible));
        return new CaseIndexPage<ProblemListCase>(rows.ToList(), (int)total);
    }

    public async Task<IReadOnlyList<(string CaseNo, string LeadUnit)>> ClosedCasesAsync(string? round, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string CaseNo, string LeadUnit)>(new CommandDefinition(
            "SELECT case_no, lead_unit FROM case_index WHERE status = 'Closed' AND (@round IS NULL OR round_code = @round)",
            new { round }, cancellationToken: cancellationToken))).ToList();
    }

    private sealed record LeadUnitResponsible
    {
        public string? UnitResponsible { get; init; }
    }

    private SqlWhere Where(CaseIndexFilter f)
    {
        var where = new SqlWhere(database.Dialect)
            .Param("now", SqlTime.ToMs(f.Now))
            .VisibleTo("scopeUnits", f.VisibleUnits)
            .AnyUnitIn("unitSubtree", f.AnyUnitIn, f.Status?.ToString(), f.ReceivedFrom, f.ReceivedTo);
        if (f.OpenOnly) where.And("ci.is_open = 1");
        if (f.Round is { } round) where.And("ci.round_code = @round", new { round });
        if (f.Batch is { } batch) where.And("ci.batch_no = @batch", new { batch });
        if (f.Satisfaction is { } satisfaction) where.And("ci.satisfaction = @satisfaction", new { satisfaction = satisfaction.ToString() });
        if (f.Category is { } category) where.InCategory(category.ToString());
        if (f.Overdue is { } overdue) where.And(overdue ? CaseRow.OverdueCondition : "ci.is_open = 0 OR ci.due_at IS NULL OR ci.due_at >= @now");
        if (f.Repeat is { } repeat) where.And(repeat ? "ci.is_repeat = 1" : "ci.is_repeat = 0");
        if (f.WithLeader is { } leader) where.And(leader ? "ci.leader_name IS NOT NULL" : "ci.leader_name IS NULL");
        if (f.OnProblemList is { } problem) where.And(problem ? "ci.on_problem_list = 1" : "ci.on_problem_list = 0");
        if (f.PhoneHash is { } phoneHash) where.And("ci.phone_hash = @phoneHash", new { phoneHash });
        if (f.CameBack is { } cameBack) where.And(cameBack ? "ci.came_back IS NOT NULL" : "ci.came_back IS NULL");
        if (f.NoticeOverdue is { } noticeOverdue) where.And(noticeOverdue ? "ci.notice_due_at < @now" : "ci.notice_due_at IS NULL OR ci.notice_due_at >= @now");
        if (f.RepeatDecision is { } decision) where.And("ci.repeat_decision = @repeatDecision", new { repeatDecision = decision.ToString() });
        if (f.Type is { } type) where.And("ci.case_type = @caseType", new { caseType = type.ToString() });
        if (f.Urgent is { } urgent) where.And(urgent ? "ci.urgent_kind IS NOT NULL" : "ci.urgent_kind IS NULL");
        if (f.Text is { } text)
        {
            // The gram index finds the few rows that can contain the text (CaseTextSearch); the substring condition
            // below decides exactly, as it did before the index, unless the grams alone decide (one or two characters).
            where.And(CaseTextSearch.Condition(database.Dialect), CaseTextSearch.Condition(database.Dialect, drives: false),
                new { searchGrams = CaseTextSearch.QueryParameter(database.Dialect, text) });
            if (!CaseTextSearch.GramsDecide(text))
                where.And(
                """
                LOWER(ci.target) LIKE @q ESCAPE '\' OR LOWER(ci.description) LIKE @q ESCAPE '\'
                OR LOWER(COALESCE(ci.address, '')) LIKE @q ESCAPE '\' OR LOWER(ci.case_no) LIKE @q ESCAPE '\'
                """,
                new { q = SqlWhere.Contains(text) });
        }

        return where;
    }

    /// <summary>
    /// The ORDER BY of a list. An overdue filter guarantees a deadline, so the deadline orders drop their "no deadline
    /// last" term: then the (is_open, due_at) index delivers the order and the page reads 20 rows instead of sorting
    /// every overdue case (at 1M cases 193,169 of them: 250 ms against 1 ms).
    /// </summary>
    private static string OrderBy(CaseOrder order, CaseIndexFilter filter) => order switch
    {
        CaseOrder.OldestFirst => "ci.received_at, ci.case_no",
        CaseOrder.DueSoonestFirst when filter.Overdue == true => "ci.due_at, ci.case_no",
        CaseOrder.DueLatestFirst when filter.Overdue == true => "ci.due_at DESC, ci.case_no",
        CaseOrder.DueSoonestFirst => "CASE WHEN ci.due_at IS NULL THEN 1 ELSE 0 END, ci.due_at, ci.case_no",
        CaseOrder.DueLatestFirst => "CASE WHEN ci.due_at IS NULL THEN 1 ELSE 0 END, ci.due_at DESC, ci.case_no",
        CaseOrder.CaseNo => "ci.case_no",
        CaseOrder.OverdueFirst => $"CASE WHEN {CaseRow.OverdueCondition} THEN 0 ELSE 1 END, CASE WHEN ci.due_at IS NULL THEN 1 ELSE 0 END, ci.due_at, ci.case_no",
        _ => "ci.received_at DESC, ci.case_no DESC",
    };
}
