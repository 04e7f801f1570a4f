using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/leader: a supervisor names the leader who personally owns the case (领导包件).</summary>
public static class NameLeaderOwner
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.Leader)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Name { get; init; }
        public string? Title { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).RequiredText(InputRules.PersonNameLength);
            RuleFor(c => c.Title).RequiredText(InputRules.PersonNameLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new NameLeaderOwnerCommand(request.Name!.Trim(), request.Title!.Trim()), cancellationToken);
    }
}
