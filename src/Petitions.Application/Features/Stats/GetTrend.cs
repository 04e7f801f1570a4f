using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Stats;

/// <summary>
/// GET /api/stats/trend: per China calendar week (Monday to Sunday, UTC+8), oldest first and ending with the
/// current week, how many cases were received and how many were closed. Counted by lead unit, like the rates.
/// </summary>
public static class GetTrend
{
    public const int DefaultWeeks = 12;
    public const int MaxWeeks = 104;

    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<IReadOnlyList<Week>>
    {
        public string? Weeks { get; init; }
        public string? Round { get; init; }
        public string? Unit { get; init; }
    }

    /// <summary>Received: every complaint received that week (not-accepted ones too). Closed: cases whose current closing happened that week.</summary>
    public sealed record Week(DateOnly WeekStart, DateOnly WeekEnd, int Received, int Closed);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units, RoundCatalog rounds)
        {
            RuleFor(q => q.Weeks).MustBeInt(1, MaxWeeks);
            RuleFor(q => q.Round).MustBeKnownRound(rounds);
            RuleFor(q => q.Unit).MustBeKnownUnit(units);
        }
    }

    public sealed class Handler(IStatisticsQueries queries, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
        : IRequestHandler<Query, IReadOnlyList<Week>>
    {
        public async Task<IReadOnlyList<Week>> Handle(Query request, CancellationToken cancellationToken)
        {
            var weeks = QueryValues.Int(request.Weeks) ?? DefaultWeeks;
            var today = ChinaTime.DateOf(clock.UtcNow);
            var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
            var firstMonday = thisMonday.AddDays(-7 * (weeks - 1));
            var received = new long[weeks];
            var closed = new long[weeks];

            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var leadUnits = CompletionStatistics.LeadUnits(QueryValues.Text(request.Unit), Scope.ForCases(user, tree), tree)?.ToList();
            // An empty set of lead units matches nothing: every week counts 0.
            if (leadUnits is not { Count: 0 })
            {
                // Weeks are exact 7-day spans from a China Monday (China keeps no daylight saving).
                var origin = ChinaTime.StartOfDay(firstMonday);
                var round = QueryValues.Text(request.Round);
                received = await queries.CountPerWeekAsync(CaseInstant.Received, origin, weeks, leadUnits, round, cancellationToken);
                closed = await queries.CountPerWeekAsync(CaseInstant.Closed, origin, weeks, leadUnits, round, cancellationToken);
            }

            return Enumerable.Range(0, weeks)
                .Select(i => new Week(firstMonday.AddDays(7 * i), firstMonday.AddDays(7 * i + 6), (int)received[i], (int)closed[i]))
                .ToList();
        }
    }
}
