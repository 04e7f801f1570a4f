using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Reviews;

/// <summary>The review requests a reviewing unit received at one level, as the read model counts them.</summary>
public sealed record ReviewCounts(string Unit, string Level, long Requests, long Waiting, long Upheld, long Changed, long SetAside);

/// <summary>Counts 复查 / 复核 requests per reviewing unit and level in the read model (the units given, or all).</summary>
public interface IReviewStatisticsQueries
{
    Task<IReadOnlyList<ReviewCounts>> CountAsync(IReadOnlyCollection<string>? units, CancellationToken cancellationToken = default);
}

/// <summary>
/// One row of the review statistics: a reviewing unit and level (复查 / 复核), the requests it received, how many are
/// still open, and how the answered ones came out, with each outcome's rate over the answered (null before any answer).
/// </summary>
public sealed record ReviewStatsRow(string Unit, string UnitName, ReviewLevel Level, long Requests, long Open, long Decided,
    long Upheld, long Changed, long SetAside, double? UpheldRate, double? ChangedRate, double? SetAsideRate);

/// <summary>
/// GET /api/stats/reviews: 复查 / 复核 requests and their upheld / changed / set-aside counts and rates per reviewing unit
/// (信访工作条例 Art. 35–36), for the reviewing units in the caller's scope.
/// </summary>
public static class GetReviewStats
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<IReadOnlyList<ReviewStatsRow>>;

    public sealed class Handler(IReviewStatisticsQueries queries, ICurrentUserAccessor users, UnitDirectory units) : IRequestHandler<Query, IReadOnlyList<ReviewStatsRow>>
    {
        public async Task<IReadOnlyList<ReviewStatsRow>> Handle(Query request, CancellationToken cancellationToken)
        {
            var tree = await units.GetAsync(cancellationToken);
            var scope = Scope.ForCases((await users.GetAsync(cancellationToken))!, tree);
            var counts = await queries.CountAsync(scope.Everything ? null : scope.Units.ToList(), cancellationToken);
            return counts
                .Select(c => Row(c, tree))
                .OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Level)
                .ToList();
        }

        private static ReviewStatsRow Row(ReviewCounts c, UnitTree tree)
        {
            var decided = c.Upheld + c.Changed + c.SetAside;
            double? Rate(long n) => decided == 0 ? null : (double)n / decided;
            return new ReviewStatsRow(c.Unit, tree.NameOf(c.Unit), Enum.Parse<ReviewLevel>(c.Level), c.Requests, c.Waiting, decided,
                c.Upheld, c.Changed, c.SetAside, Rate(c.Upheld), Rate(c.Changed), Rate(c.SetAside));
        }
    }
}
