using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/extension/approve: a supervisor approves the pending extension; the deadline moves. No body.</summary>
public static class ApproveExtension
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.ApproveExtension)]
    public sealed record Command(string CaseNo, string? IdempotencyKey = null, int? ExpectedVersion = null) : IRequest<PetitionView>, ICaseActionRequest;

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ApproveExtensionCommand(), cancellationToken);
    }
}
