using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/accept: the lead unit's handler accepts an assigned case (受理); the handling deadline
/// starts. No body, so nothing to validate.
/// </summary>
public static class AcceptPetition
{
    [Authorize(Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.Accept)]
    public sealed record Command(string CaseNo, string? IdempotencyKey = null, int? ExpectedVersion = null) : IRequest<PetitionView>, ICaseActionRequest;

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new AcceptCaseCommand(), cancellationToken);
    }
}
