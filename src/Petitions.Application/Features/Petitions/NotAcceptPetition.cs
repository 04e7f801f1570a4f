using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/not-accept: intake or a supervisor declines a registered complaint (不予受理), with a reason.</summary>
public static class NotAcceptPetition
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.NotAccept)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new NotAcceptCaseCommand(request.Reason!.Trim()), cancellationToken);
    }
}
