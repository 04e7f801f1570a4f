using System.Data.Common;
using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Rectification;
using Petitions.Domain.Rectification;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The ledger's read model: one row per plan and per task (written only by a newer version), each task's status
/// history and its case links (replaced together with the task row, in one transaction).
/// </summary>
public sealed class RectificationReadModel(IDatabase database) : IRectificationProjector, IRectificationReadModel
{
    private const string TaskColumns = """
        t.id AS Id, t.plan_code AS PlanCode, t.seq AS Seq, t.number AS Number, t.problem AS Problem,
        t.deadline_text AS DeadlineText, t.deadline_date AS DeadlineDate, t.lead_unit AS LeadUnit, t.units AS Units,
        t.leader AS Leader, t.report_every_months AS ReportEveryMonths, t.awaiting_verification AS AwaitingVerification,
        t.linked_cases AS LinkedCases, t.measure_count AS MeasureCount, t.measures AS Measures,
        t.current_status AS CurrentStatus, t.current_as_of AS CurrentStatusAsOf,
        s.status AS Status, s.written AS StatusWritten, s.as_of AS StatusAsOf
        """;

    private const string StatusAsOfJoin = """
        LEFT JOIN rectification_task_status s ON s.task_id = t.id
            AND s.seq = (SELECT MAX(s2.seq) FROM rectification_task_status s2 WHERE s2.task_id = t.id AND s2.as_of <= @asOf)
        """;

    public async Task ProjectTaskAsync(RectificationTask task, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenDerivedAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rectification_tasks (id, plan_code, seq, number, problem, deadline_text, deadline_date, lead_unit, units, leader,
                report_every_months, awaiting_verification, linked_cases, measure_count, measures, current_status, current_as_of, version, updated_at)
            VALUES (@Id, @PlanCode, @Seq, @Number, @Problem, @DeadlineText, @DeadlineDate, @LeadUnit, @Units, @Leader,
                @ReportEveryMonths, @AwaitingVerification, @LinkedCases, @MeasureCount, @Measures, @CurrentStatus, @CurrentAsOf, @Version, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET
                plan_code = excluded.plan_code, seq = excluded.seq, number = excluded.number, problem = excluded.problem,
                deadline_text = excluded.deadline_text, deadline_date = excluded.deadline_date, lead_unit = excluded.lead_unit,
                units = excluded.units, leader = excluded.leader, report_every_months = excluded.report_every_months,
                awaiting_verification = excluded.awaiting_verification, linked_cases = excluded.linked_cases,
                measure_count = excluded.measure_count, measures = excluded.measures, current_status = excluded.current_status,
                current_as_of = excluded.current_as_of, version = excluded.version, updated_at = excluded.updated_at
            WHERE rectification_tasks.version < excluded.version
            """,
            new
            {
                task.Id, task.PlanCode, task.Seq, task.Number, task.Problem,
                DeadlineText = task.Deadline?.Written, DeadlineDate = task.Deadline?.Date?.ToString("yyyy-MM-dd"),
                task.LeadUnit, Units = UnitList(task.Units), task.Leader, task.ReportEveryMonths,
                AwaitingVerification = task.AwaitingVerification is null ? 0 : 1, LinkedCases = task.LinkedCases.Count,
                MeasureCount = MeasureCount(task), Measures = LedgerText.Measures(task),
                CurrentStatus = task.Status.ToString(), CurrentAsOf = task.Current.AsOf.ToString("yyyy-MM-dd"),
                task.Version, UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            }, transaction, cancellationToken: cancellationToken));

        if (changed > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM rectification_task_status WHERE task_id = @Id", new { task.Id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rectification_task_status (task_id, seq, as_of, status, written) VALUES (@TaskId, @Seq, @AsOf, @Status, @Written)",
                task.StatusHistory.Select((s, i) => new { TaskId = task.Id, Seq = i + 1, AsOf = s.AsOf.ToString("yyyy-MM-dd"), Status = s.Status.ToString(), s.Written }),
                transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM rectification_task_cases WHERE task_id = @Id", new { task.Id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO rectification_task_cases (task_id, case_no) VALUES (@TaskId, @CaseNo)",
                task.LinkedCases.Select(c => new { TaskId = task.Id, CaseNo = c }), transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ProjectPlanAsync(RectificationPlan plan, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenDerivedAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO rectification_plans (code, name, short_name, owner_unit, round_code, as_of, task_count, version, updated_at)
            VALUES (@Code, @Name, @ShortName, @OwnerUnit, @RoundCode, @AsOf, @TaskCount, @Version, @UpdatedAt)
            ON CONFLICT (code) DO UPDATE SET
                name = excluded.name, short_name = excluded.short_name, owner_unit = excluded.owner_unit, round_code = excluded.round_code,
                as_of = excluded.as_of, task_count = excluded.task_count, version = excluded.version, updated_at = excluded.updated_at
            WHERE rectification_plans.version < excluded.version
            """,
            new
            {
                plan.Code, plan.Name, plan.ShortName, plan.OwnerUnit, plan.RoundCode, AsOf = plan.AsOf?.ToString("yyyy-MM-dd"),
                TaskCount = plan.TaskIds.Count, plan.Version, UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
    }

    private const string PlanColumns =
        "code AS Code, name AS Name, short_name AS ShortName, owner_unit AS OwnerUnit, round_code AS RoundCode, as_of AS AsOf, task_count AS TaskCount";

    public async Task<IReadOnlyList<LedgerPlanRow>> PlansAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LedgerPlanRow>(new CommandDefinition(
            $"SELECT {PlanColumns} FROM rectification_plans ORDER BY round_code, owner_unit", cancellationToken: cancellationToken))).ToList();
    }

    public async Task<LedgerPlanRow?> PlanAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LedgerPlanRow>(new CommandDefinition(
            $"SELECT {PlanColumns} FROM rectification_plans WHERE code = @code", new { code }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<LedgerTaskRow>> TasksAsync(string planCode, DateOnly asOf, IReadOnlyCollection<string>? units, CancellationToken cancellationToken = default)
    {
        var parameters = new DynamicParameters(new { planCode, asOf = asOf.ToString("yyyy-MM-dd") });
        var filter = units is null ? "" : " AND " + UnitFilter(units, parameters);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LedgerTaskRow>(new CommandDefinition(
            $"SELECT {TaskColumns} FROM rectification_tasks t {StatusAsOfJoin} WHERE t.plan_code = @planCode{filter} ORDER BY t.seq",
            parameters, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<string>> PlansNamingAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken = default)
    {
        if (units.Count == 0) return [];
        var parameters = new DynamicParameters();
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT DISTINCT t.plan_code FROM rectification_tasks t WHERE {UnitFilter(units, parameters)}", parameters, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<LedgerTaskRow>> TasksOfCaseAsync(string caseNo, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LedgerTaskRow>(new CommandDefinition(
            $"""
            SELECT {TaskColumns} FROM rectification_task_cases c JOIN rectification_tasks t ON t.id = c.task_id {StatusAsOfJoin}
            WHERE c.case_no = @caseNo ORDER BY t.plan_code, t.seq
            """,
            new { caseNo, asOf = asOf.ToString("yyyy-MM-dd") }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<string>> FindCasesAsync(LedgerCaseSearch search, CancellationToken cancellationToken = default)
    {
        var parameters = new DynamicParameters(new { search.LeadUnit, Exclude = search.ExcludeLeadPrefix + "%", search.Satisfaction, search.Limit, Prefer = search.PreferVerdict ?? "" });
        var words = search.TargetWords.Select((word, i) =>
        {
            parameters.Add($"w{i}", $"%{word}%");
            return $"target LIKE @w{i}";
        }).ToList();
        var where = new List<string>();
        if (search.LeadUnit is not null) where.Add("lead_unit = @LeadUnit");
        if (search.ExcludeLeadPrefix is not null) where.Add("lead_unit NOT LIKE @Exclude");
        if (search.Satisfaction is not null) where.Add("satisfaction = @Satisfaction");
        if (words.Count > 0) where.Add("(" + string.Join(" OR ", words) + ")");
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT case_no FROM case_index {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY CASE WHEN verdict = @Prefer THEN 0 ELSE 1 END, is_repeat DESC, reopen_count DESC, case_no LIMIT @Limit
            """, parameters, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<LinkedCaseRow>> CasesAsync(IReadOnlyCollection<string> caseNos, CancellationToken cancellationToken = default)
    {
        if (caseNos.Count == 0) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LinkedCaseRow>(new CommandDefinition(
            $"""
            SELECT case_no AS CaseNo, status AS Status, lead_unit AS LeadUnit, target AS Target, satisfaction AS Satisfaction,
                   verdict AS Verdict, is_repeat AS IsRepeat
            FROM case_index WHERE {database.Dialect.In("case_no", "caseNos")} ORDER BY case_no
            """,
            new { caseNos = caseNos.ToArray() }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>",654000,654200,": a unit is matched with LIKE '%,code,%' on both dialects.</summary>
    private static string UnitList(IEnumerable<string> units) => "," + string.Join(",", units) + ",";

    private static string UnitFilter(IReadOnlyCollection<string> units, DynamicParameters parameters)
    {
        if (units.Count == 0) return "1 = 0";
        var clauses = units.Select((unit, i) =>
        {
            parameters.Add($"u{i}", $"%,{unit},%");
            return $"t.units LIKE @u{i}";
        });
        return "(" + string.Join(" OR ", clauses) + ")";
    }

    private static int MeasureCount(RectificationTask task) =>
        task.SubTasks.Count == 0 ? task.Measures.Count : task.SubTasks.Sum(s => s.Measures.Count);
}
