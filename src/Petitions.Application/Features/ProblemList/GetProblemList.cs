using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
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
    public const string DefaultTarget = SystemPhrases.CloseOnTime;

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

    public sealed class Handler(ICaseIndex index, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
        : IRequestHandler<Query, PagedResult<Item>>
    {
        public async Task<PagedResult<Item>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var now = clock.UtcNow;
            var page = QueryValues.Int(request.Page) ?? 1;
            var pageSize = QueryValues.Int(request.PageSize) ?? QueryValues.DefaultPageSize;

            var scope = Scope.ForCases(user, tree);
            var filter = new CaseIndexFilter
            {
                Now = now,
                VisibleUnits = scope.Everything ? null : scope.Units.ToList(),
                AnyUnitIn = QueryValues.Text(request.Unit) is { } unit ? tree.Subtree(unit).ToList() : null,
                Round = QueryValues.Text(request.Round),
            };
            var result = await index.ProblemListAsync(filter, page, pageSize, cancellationToken);
            return new PagedResult<Item>(result.Rows.Select(r => ToItem(r, tree, now)).ToList(), result.Total, page, pageSize);
        }

        private static Item ToItem(ProblemListCase row, UnitTree tree, DateTimeOffset now)
        {
            var r = row.Case;
            var overdue = r.IsOverdueAt(now);
            var entry = r.OnProblemList;
            var reasons = new List<ProblemListReason>();
            if (entry && r.Status != CaseStatus.Closed) reasons.Add(ProblemListReason.Reopened);
            if (r.Status == CaseStatus.Closed && r.CloseKind == ClosureKind.Stage) reasons.Add(ProblemListReason.StageClosure);
            if (r.IsOpen && (r.RepeatCount > 0 || r.IsRepeat)) reasons.Add(ProblemListReason.Repeat);
            if (r.Satisfaction == Satisfaction.Dissatisfied) reasons.Add(ProblemListReason.Dissatisfied);
            if (overdue) reasons.Add(ProblemListReason.Overdue);
            if (r.CameBack.Count > 0) reasons.Add(ProblemListReason.ClosedCaseCameBack);

            var deadline = entry ? r.ProblemDueAt : r.DueAt;
            return new Item
            {
                CaseNo = r.CaseNo,
                Status = r.Status,
                Target = r.Target,
                LeadUnit = r.LeadUnit,
                LeadUnitName = tree.NameOf(r.LeadUnit),
                Reasons = reasons,
                ProblemTarget = entry ? r.ProblemTarget ?? DefaultTarget : DefaultTarget,
                Deadline = deadline,
                DeadlinePassed = deadline is { } d && d < now,
                // Without an entry, the lead unit's responsible person; without one on file, the domain's own default.
                ResponsiblePerson = entry ? r.ProblemResponsible : row.LeadUnitResponsible ?? ProblemDefaults.Standard.ResponsiblePerson,
                Overdue = overdue,
                DaysLeft = r.DaysLeftAt(now),
                Leader = LeaderRef.Of(r),
                OnProblemList = entry,
                ProblemSource = r.ProblemSource,
                ProblemReason = r.ProblemReason,
                RoundCode = r.RoundCode,
                BatchNo = r.BatchNo,
                CameBackRepeats = r.CameBack,
                RepeatOf = r.RepeatOf,
            };
        }
    }
}
