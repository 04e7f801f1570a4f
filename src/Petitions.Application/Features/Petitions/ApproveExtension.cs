using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using ExtensionApproval = Petitions.Domain.Cases.ApproveExtension;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/extension/approve: a supervisor approves the pending extension; the deadline moves. No body.</summary>
public static class ApproveExtension
{
    [Authorize(Roles.Supervisor)]
    public sealed record Command(string CaseNo, string? IdempotencyKey = null, int? ExpectedVersion = null) : IRequest<PetitionView>, ICaseActionRequest;

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ExtensionApproval(), cancellationToken);
    }
}
