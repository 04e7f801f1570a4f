using System.Text.Json.Serialization;
using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Stats;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Rounds;

public static class ListRounds
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record Query : IRequest<IReadOnlyList<RoundView>>;

    /// <summary>Every round with its completion statistics (within the caller's scope).</summary>
    public sealed class Handler(RoundCatalog rounds, CompletionStatistics statistics, ICurrentUserAccessor users, Common.Units.UnitDirectory units)
        : IRequestHandler<Query, IReadOnlyList<RoundView>>
    {
        public async Task<IReadOnlyList<RoundView>> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = StatsScope.For((await users.GetAsync(cancellationToken))!, await units.GetAsync(cancellationToken));
            var rows = (await statistics.ComputeAsync(new StatsFilter(), StatsGroupBy.Round, scope, cancellationToken)).Where(r => r.Key is not null).ToDictionary(r => r.Key!);
            return (await rounds.ListAsync(null, cancellationToken)).Select(r => r with { Statistics = rows.GetValueOrDefault(r.Code) }).ToList();
        }
    }
}

public static class GetRound
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, Roles.Admin)]
    public sealed record Query(string Code) : IRequest<RoundView>;

    public sealed class Handler(RoundCatalog rounds, CompletionStatistics statistics, ICurrentUserAccessor users, Common.Units.UnitDirectory units)
        : IRequestHandler<Query, RoundView>
    {
        public async Task<RoundView> Handle(Query request, CancellationToken cancellationToken)
        {
            var round = (await rounds.ListAsync(request.Code, cancellationToken)).SingleOrDefault() ?? throw new NotFoundException($"Round {request.Code} was not found.");
            var scope = StatsScope.For((await users.GetAsync(cancellationToken))!, await units.GetAsync(cancellationToken));
            var row = (await statistics.ComputeAsync(new StatsFilter { Round = round.Code }, null, scope, cancellationToken)).Single();
            return round with { Statistics = row };
        }
    }
}

public abstract record RoundInput
{
    public string? Name { get; init; }
    /// <summary>Optional: the name English readers see.</summary>
    public string? NameEn { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    /// <summary>An inspection round may want results sooner than the regulations' 60 days (often 10).</summary>
    public int? HandlingDays { get; init; }
}

internal static class RoundRules
{
    public static void Apply<T>(AbstractValidator<T> v) where T : RoundInput
    {
        v.RuleFor(r => r.Name).NotEmpty().MaximumLength(100).PlainText();
        v.RuleFor(r => r.NameEn).MaximumLength(100).PlainText();
        v.RuleFor(r => r.StartsOn).NotNull();
        v.RuleFor(r => r.EndsOn).GreaterThanOrEqualTo(r => r.StartsOn).When(r => r.EndsOn is not null && r.StartsOn is not null);
        v.RuleFor(r => r.HandlingDays).InclusiveBetween(1, Deadlines.HandlingDays);
    }
}

/// <summary>POST /api/rounds: an administrator opens an inspection round.</summary>
public static class CreateRound
{
    [Authorize(Roles.Admin)]
    public sealed record Command : RoundInput, IRequest<RoundView>
    {
        public string? Code { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).NotEmpty().Matches("^[A-Za-z0-9-]{1,20}$").WithErrorCode(ValidationCodes.RoundCode).WithMessage("'Code' is 1 to 20 letters, digits or '-'.");
            RoundRules.Apply(this);
        }
    }

    public sealed class Handler(RoundCatalog rounds) : IRequestHandler<Command, RoundView>
    {
        public async Task<RoundView> Handle(Command request, CancellationToken cancellationToken)
        {
            var round = new NewRound(request.Code!.Trim(), request.Name!.Trim(), request.StartsOn!.Value, request.EndsOn, request.HandlingDays, InputRules.TrimOrNull(request.NameEn));
            if (!await rounds.AddRoundAsync(round, cancellationToken))
                throw new ConflictException(ConflictRules.RoundExists, $"The round code {request.Code} is taken.");

            return (await rounds.ListAsync(request.Code!.Trim(), cancellationToken)).Single();
        }
    }
}

/// <summary>PUT /api/rounds/{code}: name, dates and handling period (cases keep the period they were registered with).</summary>
public static class UpdateRound
{
    [Authorize(Roles.Admin)]
    public sealed record Command : RoundInput, IRequest<RoundView>
    {
        [JsonIgnore] public string Code { get; init; } = "";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RoundRules.Apply(this);
    }

    public sealed class Handler(RoundCatalog rounds) : IRequestHandler<Command, RoundView>
    {
        public async Task<RoundView> Handle(Command request, CancellationToken cancellationToken)
        {
            var round = new NewRound(request.Code, request.Name!.Trim(), request.StartsOn!.Value, request.EndsOn, request.HandlingDays, InputRules.TrimOrNull(request.NameEn));
            if (!await rounds.UpdateRoundAsync(round, cancellationToken)) throw new NotFoundException($"Round {request.Code} was not found.");

            return (await rounds.ListAsync(request.Code, cancellationToken)).Single();
        }
    }
}

/// <summary>POST /api/rounds/{code}/batches: a handover batch (第N批) of the round.</summary>
public static class CreateBatch
{
    [Authorize(Roles.Admin, Roles.Intake)]
    public sealed record Command : IRequest<RoundView>
    {
        [JsonIgnore] public string RoundCode { get; init; } = "";
        public int? BatchNo { get; init; }
        public DateOnly? HandedOverOn { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.BatchNo).NotNull().InclusiveBetween(1, 10_000);
            RuleFor(c => c.HandedOverOn).NotNull();
            RuleFor(c => c.Note).OptionalText(500);
        }
    }

    public sealed class Handler(RoundCatalog rounds) : IRequestHandler<Command, RoundView>
    {
        public async Task<RoundView> Handle(Command request, CancellationToken cancellationToken)
        {
            if ((await rounds.ListAsync(request.RoundCode, cancellationToken)).Count == 0)
                throw new NotFoundException($"Round {request.RoundCode} was not found.");
            if (!await rounds.AddBatchAsync(new NewBatch(request.RoundCode, request.BatchNo!.Value, request.HandedOverOn!.Value, request.Note), cancellationToken))
                throw new ConflictException(ConflictRules.BatchExists, $"Batch {request.BatchNo} of round {request.RoundCode} exists.");

            return (await rounds.ListAsync(request.RoundCode, cancellationToken)).Single();
        }
    }
}
