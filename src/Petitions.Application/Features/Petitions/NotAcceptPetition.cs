using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/not-accept: intake or a supervisor declines a registered complaint (不予受理), with a
/// reason and, when another body decides the matter, that body and the channel to it (both or neither): the refusal
/// notice names them. Without them the notice tells the complainant to come back with new facts (no usable lead).
/// </summary>
public static class NotAcceptPetition
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.NotAccept)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Reason { get; init; }
        /// <summary>Who decides the matter instead (e.g. 劳动人事争议仲裁委员会); with <see cref="CompetentChannel"/>.</summary>
        public string? CompetentBody { get; init; }
        /// <summary>How the complainant reaches it (e.g. 向其申请劳动仲裁); with <see cref="CompetentBody"/>.</summary>
        public string? CompetentChannel { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
            RuleFor(c => c.CompetentBody).OptionalText(InputRules.CompetentBodyLength)
                .NotEmpty().When(c => !string.IsNullOrWhiteSpace(c.CompetentChannel)).WithMessage("'Competent Body' is required with a competent channel.");
            RuleFor(c => c.CompetentChannel).OptionalText(InputRules.ReasonLength)
                .NotEmpty().When(c => !string.IsNullOrWhiteSpace(c.CompetentBody)).WithMessage("'Competent Channel' is required with a competent body.");
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new NotAcceptCaseCommand(request.Reason!.Trim(),
                InputRules.TrimOrNull(request.CompetentBody) is { } body ? new CompetentBody(body, request.CompetentChannel!.Trim()) : null), cancellationToken);
    }
}
