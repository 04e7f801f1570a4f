using FluentValidation;
using MediatR;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Stats;

/// <summary>GET /api/stats/completion: completion, on-time, satisfaction, repeat and substantiated rates, grouped.</summary>
public static class GetCompletionStats
{
    public static readonly string[] GroupBys = ["unit", "round", "category", "batch"];

    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query : IRequest<IReadOnlyList<StatsRow>>
    {
        public string? Round { get; init; }
        public string? Unit { get; init; }
        public string? Batch { get; init; }
        public string? Category { get; init; }
        public string? From { get; init; }
        public string? To { get; init; }
        public string? GroupBy { get; init; }

        public StatsFilter ToFilter() => new()
        {
            Round = QueryValues.Text(Round),
            Unit = QueryValues.Text(Unit),
            Batch = QueryValues.Int(Batch),
            Category = QueryValues.EnumValue<Category>(Category),
            From = QueryValues.Date(From),
            To = QueryValues.Date(To),
        };
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units, RoundCatalog rounds)
        {
            RuleFor(q => q.Unit).MustBeKnownUnit(units);
            RuleFor(q => q.Round).MustBeKnownRound(rounds).When(q => !IsDaily(q.Round));
            // The daily complaints are counted by unit or as one row, not by category or batch.
            RuleFor(q => q.GroupBy).MustBeOneOf(["unit", "round"]).When(q => IsDaily(q.Round));
            RuleFor(q => q.Batch).MustBeInt(1, 100_000).MustHaveRound(q => q.Round);
            RuleFor(q => q.Category).MustBeEnum<Query, Category>();
            RuleFor(q => q.From).MustBeDate();
            RuleFor(q => q.To).MustBeDate().MustNotPrecede(q => q.From);
            RuleFor(q => q.GroupBy).MustBeOneOf(GroupBys);
        }
    }

    /// <summary>The round filter of the daily complaints (cases of no round): <see cref="CompletionStatistics.DailyKey"/>.</summary>
    public static bool IsDaily(string? round) => round?.Trim() == CompletionStatistics.DailyKey;

    public sealed class Handler(CompletionStatistics statistics, ICurrentUserAccessor users, UnitDirectory units)
        : IRequestHandler<Query, IReadOnlyList<StatsRow>>
    {
        public async Task<IReadOnlyList<StatsRow>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var scope = Scope.ForCases(user, await units.GetAsync(cancellationToken));
            StatsGroupBy? groupBy = QueryValues.Given(request.GroupBy) ? Enum.Parse<StatsGroupBy>(request.GroupBy!.Trim(), ignoreCase: true) : null;
            return await statistics.ComputeAsync(request.ToFilter(), groupBy, scope, cancellationToken);
        }
    }
}
