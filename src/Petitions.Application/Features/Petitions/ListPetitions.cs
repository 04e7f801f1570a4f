using Petitions.Application.Common.Validation;
using Dapper;
using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// GET /api/petitions: the cases the caller may see (a lead or co-unit in their scope), filtered, sorted and paged,
/// from the read model. Every parameter is optional; a malformed one is a 400 naming it.
/// </summary>
public static class ListPetitions
{
    public static readonly string[] Sorts = ["receivedAt", "-receivedAt", "dueAt", "-dueAt", "caseNo"];

    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<PagedResult<CaseListItem>>
    {
        /// <summary>A unit code: cases whose lead or a co-unit is in that unit's subtree.</summary>
        public string? Unit { get; init; }
        public string? Round { get; init; }
        public string? Batch { get; init; }
        public string? Status { get; init; }
        public string? Overdue { get; init; }
        public string? Repeat { get; init; }
        public string? Satisfaction { get; init; }
        public string? Category { get; init; }
        /// <summary>A case-insensitive substring of the target, description, address or case number.</summary>
        public string? Q { get; init; }
        public string? Leader { get; init; }
        public string? Problem { get; init; }
        /// <summary>Received on or after this China calendar date (yyyy-MM-dd).</summary>
        public string? From { get; init; }
        /// <summary>Received on or before this China calendar date (yyyy-MM-dd).</summary>
        public string? To { get; init; }
        public string? Page { get; init; }
        public string? PageSize { get; init; }
        public string? Sort { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units, RoundCatalog rounds)
        {
            RuleFor(q => q.Unit).MustBeKnownUnit(units);
            RuleFor(q => q.Round).MustBeKnownRound(rounds);
            RuleFor(q => q.Batch).MustBeInt(1, 100_000).MustHaveRound(q => q.Round);
            RuleFor(q => q.Status).MustBeEnum<Query, CaseStatus>();
            RuleFor(q => q.Satisfaction).MustBeEnum<Query, Satisfaction>();
            RuleFor(q => q.Category).MustBeEnum<Query, Category>();
            RuleFor(q => q.Overdue).MustBeBool();
            RuleFor(q => q.Repeat).MustBeBool();
            RuleFor(q => q.Leader).MustBeBool();
            RuleFor(q => q.Problem).MustBeBool();
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.From).MustBeDate();
            RuleFor(q => q.To).MustBeDate().MustNotPrecede(q => q.From);
            RuleFor(q => q.Page).MustBeInt(1, 1_000_000);
            RuleFor(q => q.PageSize).MustBeInt(1, QueryValues.MaxPageSize);
            RuleFor(q => q.Sort).MustBeOneOf(Sorts);
        }
    }

    public sealed class Handler(IDatabase database, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
        : IRequestHandler<Query, PagedResult<CaseListItem>>
    {
        public async Task<PagedResult<CaseListItem>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var page = QueryValues.Int(request.Page) ?? 1;
            var pageSize = QueryValues.Int(request.PageSize) ?? QueryValues.DefaultPageSize;

            var where = Filter(new SqlWhere(database.Dialect), request, Scope.ForCases(user, tree), tree, now);
            if (!where.CanMatch) return new PagedResult<CaseListItem>([], 0, page, pageSize);

            var result = await CaseLists.PageAsync(database, where, OrderBy(request.Sort), page, pageSize, cancellationToken);
            return new PagedResult<CaseListItem>(result.Rows.Select(r => CaseListItem.From(r, tree, now)).ToList(), result.Total, page, pageSize);
        }

        private static SqlWhere Filter(SqlWhere where, Query q, Scope scope, UnitTree tree, DateTimeOffset now)
        {
            where.Param("now", now.ToUnixTimeMilliseconds()).VisibleTo(scope);
            if (QueryValues.Text(q.Unit) is { } unit) where.AnyUnitIn("unitSubtree", tree.Subtree(unit).ToList());
            if (QueryValues.Text(q.Round) is { } round) where.And("ci.round_code = @round", new { round });
            if (QueryValues.Int(q.Batch) is { } batch) where.And("ci.batch_no = @batch", new { batch });
            if (QueryValues.EnumValue<CaseStatus>(q.Status) is { } status) where.And("ci.status = @status", new { status = status.ToString() });
            if (QueryValues.EnumValue<Satisfaction>(q.Satisfaction) is { } satisfaction)
                where.And("ci.satisfaction = @satisfaction", new { satisfaction = satisfaction.ToString() });
            if (QueryValues.EnumValue<Category>(q.Category) is { } category)
                where.And("ci.case_no IN (SELECT cc.case_no FROM case_category cc WHERE cc.category = @category)", new { category = category.ToString() });
            if (QueryValues.Bool(q.Overdue) is { } overdue)
                where.And(overdue ? CaseListRow.OverdueCondition : "ci.is_open = 0 OR ci.due_at IS NULL OR ci.due_at >= @now");
            if (QueryValues.Bool(q.Repeat) is { } repeat) where.And(repeat ? "ci.is_repeat = 1" : "ci.is_repeat = 0");
            if (QueryValues.Bool(q.Leader) is { } leader) where.And(leader ? "ci.leader_name IS NOT NULL" : "ci.leader_name IS NULL");
            if (QueryValues.Bool(q.Problem) is { } problem) where.And(problem ? "ci.on_problem_list = 1" : "ci.on_problem_list = 0");
            if (QueryValues.Date(q.From) is { } from) where.And("ci.received_at >= @fromMs", new { fromMs = QueryValues.StartOfDayMs(from) });
            if (QueryValues.Date(q.To) is { } to) where.And("ci.received_at < @toMs", new { toMs = QueryValues.StartOfDayMs(to.AddDays(1)) });
            if (QueryValues.Text(q.Q) is { } text)
            {
                // A substring search cannot use an index; the other filters narrow the rows it scans.
                where.And(
                    """
                    LOWER(ci.target) LIKE @q ESCAPE '\' OR LOWER(ci.description) LIKE @q ESCAPE '\'
                    OR LOWER(COALESCE(ci.address, '')) LIKE @q ESCAPE '\' OR LOWER(ci.case_no) LIKE @q ESCAPE '\'
                    """,
                    new { q = SqlWhere.Contains(text) });
            }

            return where;
        }

        private static string OrderBy(string? sort) => QueryValues.Text(sort) switch
        {
            "receivedAt" => "ci.received_at, ci.case_no",
            "dueAt" => "CASE WHEN ci.due_at IS NULL THEN 1 ELSE 0 END, ci.due_at, ci.case_no",
            "-dueAt" => "CASE WHEN ci.due_at IS NULL THEN 1 ELSE 0 END, ci.due_at DESC, ci.case_no",
            "caseNo" => "ci.case_no",
            _ => "ci.received_at DESC, ci.case_no DESC",
        };
    }
}

/// <summary>Validator rules shared by the read-side queries.</summary>
public static class ReadFilterRules
{
    public static IRuleBuilderOptions<T, string?> MustBeKnownUnit<T>(this IRuleBuilder<T, string?> rule, UnitDirectory units) =>
        rule.MustAsync(async (code, ct) => !QueryValues.Given(code) || (await units.GetAsync(ct)).Contains(code!.Trim()))
            .WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'{PropertyName}' must be a known unit code.");

    public static IRuleBuilderOptions<T, string?> MustBeKnownRound<T>(this IRuleBuilder<T, string?> rule, RoundCatalog rounds) =>
        rule.MustAsync(async (code, ct) => !QueryValues.Given(code) || await rounds.FindAsync(code!.Trim(), ct) is not null)
            .WithErrorCode(ValidationCodes.KnownRound).WithMessage("'{PropertyName}' must be a known inspection round code.");

    public static IRuleBuilderOptions<T, string?> MustHaveRound<T>(this IRuleBuilderOptions<T, string?> rule, Func<T, string?> round) =>
        rule.Must((request, batch) => !QueryValues.Given(batch) || QueryValues.Given(round(request)))
            .WithErrorCode(ValidationCodes.BatchNeedsRound).WithMessage("'{PropertyName}' needs a 'round': batches are numbered within a round.");

    public static IRuleBuilderOptions<T, string?> MustNotPrecede<T>(this IRuleBuilderOptions<T, string?> rule, Func<T, string?> from) =>
        rule.Must((request, to) => QueryValues.Date(to) is not { } end || QueryValues.Date(from(request)) is not { } start || start <= end)
            .WithErrorCode(ValidationCodes.NotBeforeFrom).WithMessage("'{PropertyName}' must not be before 'from'.");
}
