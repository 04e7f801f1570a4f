using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;

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
        /// <summary>The complainant's phone: searched through its keyed hash (intake and supervisors only; others get 403).</summary>
        public string? Phone { get; init; }
        /// <summary>true: closed cases that came back as a repeat and wait for a supervisor's decision (办结后重复举报).</summary>
        public string? CameBack { get; init; }
        /// <summary>Cases with this supervisor's decision on a closed case that came back (ReopenOriginal | NewCaseCarries).</summary>
        public string? RepeatDecision { get; init; }
        /// <summary>true: the acceptance decision has not reached the complainant in writing within 15 days of receipt.</summary>
        public string? NoticeOverdue { get; init; }
        /// <summary>Suggestion | Accusation | Appeal.</summary>
        public string? Type { get; init; }
        /// <summary>true: urgent matters (重大紧急) only; false: the others. Diverted cases: status=Diverted.</summary>
        public string? Urgent { get; init; }
        /// <summary>true: open cases only (registered to result submitted); the banner's open urgent matters are urgent=true&amp;open=true.</summary>
        public string? Open { get; init; }
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
            RuleFor(q => q.CameBack).MustBeBool();
            RuleFor(q => q.RepeatDecision).MustBeEnum<Query, RepeatDecision>();
            RuleFor(q => q.NoticeOverdue).MustBeBool();
            RuleFor(q => q.Type).MustBeEnum<Query, CaseType>();
            RuleFor(q => q.Urgent).MustBeBool();
            RuleFor(q => q.Open).MustBeBool();
            RuleFor(q => q.Phone).Must(p => !QueryValues.Given(p) || PhoneNumber.IsPlausible(p)).WithErrorCode(ValidationCodes.Phone).WithMessage("'Phone' must be a Chinese mobile or landline number.");
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.From).MustBeDate();
            RuleFor(q => q.To).MustBeDate().MustNotPrecede(q => q.From);
            RuleFor(q => q.Page).MustBeInt(1, 1_000_000);
            RuleFor(q => q.PageSize).MustBeInt(1, QueryValues.MaxPageSize);
            RuleFor(q => q.Sort).MustBeOneOf(Sorts);
        }
    }

    /// <summary>The roles that may see a complainant, and so search by one.</summary>
    public static readonly string[] PhoneSearchRoles = [Roles.Intake, Roles.Supervisor];

    public sealed class Handler(ICaseIndex index, ICurrentUserAccessor users, UnitDirectory units, IClock clock, PhoneHasher phones)
        : IRequestHandler<Query, PagedResult<CaseListItem>>
    {
        public async Task<PagedResult<CaseListItem>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var page = QueryValues.Int(request.Page) ?? 1;
            var pageSize = QueryValues.Int(request.PageSize) ?? QueryValues.DefaultPageSize;

            string? phoneHash = null;
            if (QueryValues.Given(request.Phone))
            {
                if (!PhoneSearchRoles.Any(user.IsInRole)) throw new ForbiddenException("Only intake staff and supervisors may search by the complainant's phone.");
                // The number is hashed with the secret key and compared by hash; it is never stored or logged.
                phoneHash = await phones.HashAsync(PhoneNumber.Normalize(request.Phone), cancellationToken);
            }

            var filter = Filter(request, Scope.ForCases(user, tree), tree, now) with { PhoneHash = phoneHash };
            // Without a sort, an overdue list puts the most overdue case (the earliest deadline) first.
            var order = !QueryValues.Given(request.Sort) && filter.Overdue == true ? CaseOrder.DueSoonestFirst : Order(request.Sort);
            var result = await index.PageAsync(filter, order, page, pageSize, cancellationToken);
            return new PagedResult<CaseListItem>(result.Rows.Select(r => CaseListItem.From(r, tree, now)).ToList(), result.Total, page, pageSize);
        }

        private static CaseIndexFilter Filter(Query q, Scope scope, UnitTree tree, DateTimeOffset now) => new()
        {
            Now = now,
            VisibleUnits = scope.Everything ? null : scope.Units.ToList(),
            AnyUnitIn = QueryValues.Text(q.Unit) is { } unit ? tree.Subtree(unit).ToList() : null,
            Round = QueryValues.Text(q.Round),
            Batch = QueryValues.Int(q.Batch),
            Status = QueryValues.EnumValue<CaseStatus>(q.Status),
            Satisfaction = QueryValues.EnumValue<Satisfaction>(q.Satisfaction),
            Category = QueryValues.EnumValue<Category>(q.Category),
            Overdue = QueryValues.Bool(q.Overdue),
            Repeat = QueryValues.Bool(q.Repeat),
            WithLeader = QueryValues.Bool(q.Leader),
            OnProblemList = QueryValues.Bool(q.Problem),
            ReceivedFrom = QueryValues.Date(q.From),
            ReceivedTo = QueryValues.Date(q.To),
            Text = QueryValues.Text(q.Q),
            CameBack = QueryValues.Bool(q.CameBack),
            RepeatDecision = QueryValues.EnumValue<RepeatDecision>(q.RepeatDecision),
            NoticeOverdue = QueryValues.Bool(q.NoticeOverdue),
            Type = QueryValues.EnumValue<CaseType>(q.Type),
            Urgent = QueryValues.Bool(q.Urgent),
            OpenOnly = QueryValues.Bool(q.Open) == true,
        };

        private static CaseOrder Order(string? sort) => QueryValues.Text(sort) switch
        {
            "receivedAt" => CaseOrder.OldestFirst,
            "dueAt" => CaseOrder.DueSoonestFirst,
            "-dueAt" => CaseOrder.DueLatestFirst,
            "caseNo" => CaseOrder.CaseNo,
            _ => CaseOrder.NewestFirst,
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
