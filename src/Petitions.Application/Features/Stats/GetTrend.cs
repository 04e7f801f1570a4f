using Dapper;
using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.ReadModel;
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
    private const long WeekMs = 7L * 24 * 60 * 60 * 1000;

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

    public sealed class Handler(IDatabase database, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
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
            var where = new SqlWhere(database.Dialect)
                .Param("origin", QueryValues.StartOfDayMs(firstMonday))
                .Param("end", QueryValues.StartOfDayMs(thisMonday.AddDays(7)))
                .Param("week", WeekMs);
            if (CompletionStatistics.LeadUnits(QueryValues.Text(request.Unit), Scope.ForCases(user, tree), tree) is { } leadUnits)
                where.LeadUnitIn("leadUnits", leadUnits.ToList());
            if (QueryValues.Text(request.Round) is { } round) where.And("ci.round_code = @round", new { round });

            if (where.CanMatch)
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await CountInto(connection, "received_at", where, received, cancellationToken);
                await CountInto(connection, "closed_at", where, closed, cancellationToken);
            }

            return Enumerable.Range(0, weeks)
                .Select(i => new Week(firstMonday.AddDays(7 * i), firstMonday.AddDays(7 * i + 6), (int)received[i], (int)closed[i]))
                .ToList();
        }

        /// <summary>Weeks are exact 7-day spans from a China Monday (China keeps no daylight saving), so integer division buckets them.</summary>
        private static async Task CountInto(System.Data.Common.DbConnection connection, string column, SqlWhere where, long[] into, CancellationToken cancellationToken)
        {
            var conditions = where.Clause.Length == 0 ? "WHERE" : where.Clause + " AND";
            var sql = $"""
                SELECT (ci.{column} - @origin) / @week AS WeekNo, COUNT(*) AS Cases
                FROM case_index ci
                {conditions} ci.{column} >= @origin AND ci.{column} < @end
                GROUP BY (ci.{column} - @origin) / @week
                """;
            foreach (var row in await connection.QueryAsync<WeekCount>(new CommandDefinition(sql, where.Parameters, cancellationToken: cancellationToken)))
            {
                if (row.WeekNo >= 0 && row.WeekNo < into.Length) into[row.WeekNo] += row.Cases;
            }
        }

        private sealed record WeekCount
        {
            public long WeekNo { get; init; }
            public long Cases { get; init; }
        }
    }
}
