using Dapper;
using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.ProblemList;

/// <summary>Why a case is on the problem list (问题清单); a case can have several reasons.</summary>
public enum ProblemListReason { Reopened, StageClosure, Repeat, Dissatisfied, Overdue, ClosedCaseCameBack }

/// <summary>
/// GET /api/problem-list: every case the caller may see that is on the problem list (reopened, or stage-closed and
/// still rectifying), or open and repeated, or dissatisfied, or open and overdue; each with its target, deadline and
/// responsible person. Overdue first, then by deadline.
/// </summary>
public static class GetProblemList
{
    /// <summary>The target of a case that is listed without a problem-list entry (open and overdue, or repeated).</summary>
    public const string DefaultTarget = "按期办结";

    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<PagedResult<Item>>
    {
        /// <summary>A unit code: cases whose lead or a co-unit is in that unit's subtree.</summary>
        public string? Unit { get; init; }
        public string? Round { get; init; }
        public string? Page { get; init; }
        public string? PageSize { get; init; }
    }

    public sealed record Item
    {
        public required string CaseNo { get; init; }
        public CaseStatus Status { get; init; }
        public required string Target { get; init; }
        public required string LeadUnit { get; init; }
        public required string LeadUnitName { get; init; }
        public IReadOnlyList<ProblemListReason> Reasons { get; init; } = [];
        /// <summary>The rectification target of the problem-list entry, or "按期办结" when there is no entry.</summary>
        public required string ProblemTarget { get; init; }
        /// <summary>The entry's deadline, or the case's deadline in force when there is no entry.</summary>
        public DateTimeOffset? Deadline { get; init; }
        public bool DeadlinePassed { get; init; }
        /// <summary>The entry's responsible person, or the lead unit's responsible person when there is no entry.</summary>
        public string? ResponsiblePerson { get; init; }
        public bool Overdue { get; init; }
        public int? DaysLeft { get; init; }
        public LeaderRef? Leader { get; init; }
        public bool OnProblemList { get; init; }
        public ProblemSource? ProblemSource { get; init; }
        public string? ProblemReason { get; init; }
        public string? RoundCode { get; init; }
        public int? BatchNo { get; init; }
        /// <summary>Repeats that came back after this case was closed and wait for a supervisor's decision (办结后重复举报).</summary>
        public IReadOnlyList<string> CameBackRepeats { get; init; } = [];
        /// <summary>The original of a repeat on the list, or null.</summary>
        public string? RepeatOf { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units, RoundCatalog rounds)
        {
            RuleFor(q => q.Unit).MustBeKnownUnit(units);
            RuleFor(q => q.Round).MustBeKnownRound(rounds);
            RuleFor(q => q.Page).MustBeInt(1, 1_000_000);
            RuleFor(q => q.PageSize).MustBeInt(1, QueryValues.MaxPageSize);
        }
    }

    public sealed class Handler(IDatabase database, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
        : IRequestHandler<Query, PagedResult<Item>>
    {
        private const string OnTheList =
            $"""
            ci.on_problem_list = 1
            OR (ci.is_open = 1 AND (ci.repeat_count > 0 OR ci.is_repeat = 1))
            OR ci.came_back IS NOT NULL
            OR ci.satisfaction = 'Dissatisfied'
            OR ({CaseListRow.OverdueCondition})
            """;

        private const string Columns =
            """
            ci.case_no AS CaseNo, ci.status AS Status, ci.target AS Target, ci.lead_unit AS LeadUnit, ci.is_open AS IsOpen,
            ci.due_at AS DueAt, ci.is_repeat AS IsRepeat, ci.repeat_count AS RepeatCount, ci.satisfaction AS Satisfaction,
            ci.close_kind AS CloseKind, ci.on_problem_list AS OnProblemList, ci.problem_source AS ProblemSource,
            ci.problem_reason AS ProblemReason, ci.problem_target AS ProblemTarget, ci.problem_due_at AS ProblemDueAt,
            ci.problem_responsible AS ProblemResponsible, ci.leader_name AS LeaderName, ci.leader_title AS LeaderTitle,
            ci.round_code AS RoundCode, ci.batch_no AS BatchNo, u.responsible_person AS UnitResponsible,
            ci.came_back AS CameBack, ci.repeat_of AS RepeatOf
            """;

        private const string OrderBy =
            $"""
            CASE WHEN {CaseListRow.OverdueCondition} THEN 0 ELSE 1 END,
            CASE WHEN COALESCE(ci.problem_due_at, ci.due_at) IS NULL THEN 1 ELSE 0 END,
            COALESCE(ci.problem_due_at, ci.due_at), ci.case_no
            """;

        public async Task<PagedResult<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var page = QueryValues.Int(request.Page) ?? 1;
            var pageSize = QueryValues.Int(request.PageSize) ?? QueryValues.DefaultPageSize;

            var where = new SqlWhere(database.Dialect)
                .Param("now", now.ToUnixTimeMilliseconds())
                .Param("limit", pageSize)
                .Param("offset", (long)(page - 1) * pageSize)
                .VisibleTo(Scope.ForCases(user, tree))
                .And(OnTheList);
            if (QueryValues.Text(request.Unit) is { } unit) where.AnyUnitIn("unitSubtree", tree.Subtree(unit).ToList());
            if (QueryValues.Text(request.Round) is { } round) where.And("ci.round_code = @round", new { round });
            if (!where.CanMatch) return new PagedResult<Item>([], 0, page, pageSize);

            await using var connection = await database.OpenAsync(cancellationToken);
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(*) FROM case_index ci {where.Clause}", where.Parameters, cancellationToken: cancellationToken));
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM case_index ci LEFT JOIN units u ON u.code = ci.lead_unit {where.Clause} ORDER BY {OrderBy} LIMIT @limit OFFSET @offset",
                where.Parameters, cancellationToken: cancellationToken));
            return new PagedResult<Item>(rows.Select(r => ToItem(r, tree, now)).ToList(), (int)total, page, pageSize);
        }

        private static Item ToItem(Row r, UnitTree tree, DateTimeOffset now)
        {
            var status = Enum.Parse<CaseStatus>(r.Status);
            var overdue = CaseListRow.IsOverdue(r.IsOpen, r.DueAt, now);
            var entry = r.OnProblemList != 0;
            var open = r.IsOpen != 0;
            var reasons = new List<ProblemListReason>();
            if (entry && status != CaseStatus.Closed) reasons.Add(ProblemListReason.Reopened);
            if (status == CaseStatus.Closed && r.CloseKind == nameof(ClosureKind.Stage)) reasons.Add(ProblemListReason.StageClosure);
            if (open && (r.RepeatCount > 0 || r.IsRepeat != 0)) reasons.Add(ProblemListReason.Repeat);
            if (r.Satisfaction == nameof(Satisfaction.Dissatisfied)) reasons.Add(ProblemListReason.Dissatisfied);
            if (overdue) reasons.Add(ProblemListReason.Overdue);
            if (r.CameBack is not null) reasons.Add(ProblemListReason.ClosedCaseCameBack);

            var deadline = SqlTime.FromMs(entry ? r.ProblemDueAt : r.DueAt);
            return new Item
            {
                CaseNo = r.CaseNo,
                Status = status,
                Target = r.Target,
                LeadUnit = r.LeadUnit,
                LeadUnitName = tree.NameOf(r.LeadUnit),
                Reasons = reasons,
                ProblemTarget = entry ? r.ProblemTarget ?? DefaultTarget : DefaultTarget,
                Deadline = deadline,
                DeadlinePassed = deadline is { } d && d < now,
                // Without an entry, the lead unit's responsible person; without one on file, the domain's own default.
                ResponsiblePerson = entry ? r.ProblemResponsible : r.UnitResponsible ?? ProblemDefaults.Standard.ResponsiblePerson,
                Overdue = overdue,
                DaysLeft = CaseListRow.DaysLeft(r.IsOpen, SqlTime.FromMs(r.DueAt), overdue, now),
                Leader = r.LeaderName is { } name ? new LeaderRef(name, r.LeaderTitle) : null,
                OnProblemList = entry,
                ProblemSource = r.ProblemSource is { } source ? Enum.Parse<ProblemSource>(source) : null,
                ProblemReason = r.ProblemReason,
                RoundCode = r.RoundCode,
                BatchNo = r.BatchNo is { } b ? (int)b : null,
                CameBackRepeats = r.CameBack?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
                RepeatOf = r.RepeatOf,
            };
        }

        private sealed record Row
        {
            public required string CaseNo { get; init; }
            public required string Status { get; init; }
            public required string Target { get; init; }
            public required string LeadUnit { get; init; }
            public long IsOpen { get; init; }
            public long? DueAt { get; init; }
            public long IsRepeat { get; init; }
            public long RepeatCount { get; init; }
            public string? Satisfaction { get; init; }
            public string? CloseKind { get; init; }
            public long OnProblemList { get; init; }
            public string? ProblemSource { get; init; }
            public string? ProblemReason { get; init; }
            public string? ProblemTarget { get; init; }
            public long? ProblemDueAt { get; init; }
            public string? ProblemResponsible { get; init; }
            public string? LeaderName { get; init; }
            public string? LeaderTitle { get; init; }
            public string? RoundCode { get; init; }
            public long? BatchNo { get; init; }
            public string? UnitResponsible { get; init; }
            public string? CameBack { get; init; }
            public string? RepeatOf { get; init; }
        }
    }
}
