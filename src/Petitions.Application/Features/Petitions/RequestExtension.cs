using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/extension: the lead unit's handler asks for the one extension a case may get (延期), at
/// most 30 days, with a reason; a supervisor approves or refuses it.
/// </summary>
public static class RequestExtension
{
    [Authorize(Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.RequestExtension)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public int? Days { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Days).NotNull().InclusiveBetween(1, Deadlines.MaxExtensionDays);
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new RequestExtensionCommand(request.Days!.Value, request.Reason!.Trim()), cancellationToken);
    }
}
