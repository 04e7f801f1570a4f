using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/transfer: a supervisor, or the lead unit's handler, hands the case to another unit
/// (转办). It lands there Assigned, with a new acceptance deadline.
/// </summary>
public static class TransferPetition
{
    [Authorize(Roles.Supervisor, Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.Transfer)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? ToUnit { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(c => c.ToUnit).NotEmpty().ActiveUnit(units);
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new TransferCaseCommand(request.ToUnit!.Trim(), request.Reason!.Trim()), cancellationToken);
    }
}
