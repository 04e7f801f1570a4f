using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Public;

/// <summary>
/// POST /api/public/rating: the complainant rates the handling once a result is in, once per case (满意 / 基本满意 /
/// 不满意). The rating is on the timeline, counts as the complainant's answer in the satisfaction rate, and a
/// dissatisfied one reopens the case onto the problem list as a dissatisfied callback does (the domain's rule).
/// </summary>
public static class RateHandling
{
    private static readonly string[] Answers = [nameof(Satisfaction.Satisfied), nameof(Satisfaction.BasicallySatisfied), nameof(Satisfaction.Dissatisfied)];

    [AllowAnonymous]
    public sealed record Command : IRequest<PublicCaseView>
    {
        public string? CaseNo { get; init; }
        public string? QueryCode { get; init; }
        /// <summary>Satisfied, BasicallySatisfied or Dissatisfied.</summary>
        public string? Satisfaction { get; init; }
        public string? Comment { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CaseNo).NotEmpty().MaximumLength(40);
            RuleFor(c => c.QueryCode).NotEmpty().MaximumLength(QueryCodes.MaxInputLength);
            RuleFor(c => c.Satisfaction).NotEmpty()
                .Must(s => Answers.Contains(s, StringComparer.OrdinalIgnoreCase))
                .WithErrorCode(ValidationCodes.Rating).WithMessage("'Satisfaction' must be Satisfied, BasicallySatisfied or Dissatisfied.");
            RuleFor(c => c.Comment).OptionalText(InputRules.NoteLength);
        }
    }

    public sealed class Handler(PublicCaseAccess access, IGrainFactory grains, UnitDirectory units) : IRequestHandler<Command, PublicCaseView>
    {
        public async Task<PublicCaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var petitionCase = await access.OpenAsync(request.CaseNo!, request.QueryCode!, cancellationToken);
            var command = new RateHandlingCommand(InputRules.ParseEnum<Satisfaction>(request.Satisfaction), InputRules.TrimOrNull(request.Comment));
            var result = await grains.GetGrain<IPetitionCaseGrain>(petitionCase.CaseNo).Execute(command, new CommandMeta(Actor.Complainant));
            if (result.Violation is { } violation) throw new RuleViolationException(violation, petitionCase.CaseNo);
            return PublicCaseView.From(result.Case!, await units.GetAsync(cancellationToken));
        }
    }
}
