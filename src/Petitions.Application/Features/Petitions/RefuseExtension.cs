using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/extension/refuse: a supervisor refuses the pending extension, saying why.</summary>
public static class RefuseExtension
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.RefuseExtension)]
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
            sender.SendAsync(request, new RefuseExtensionCommand(request.Reason!.Trim()), cancellationToken);
    }
}
