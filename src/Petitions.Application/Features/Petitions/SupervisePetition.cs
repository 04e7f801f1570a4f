using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/supervise: a supervisor issues a supervision notice (督办通知), optionally with a reply
/// deadline; the lead unit answers it through supervision/{no}/reply.
/// </summary>
public static class SupervisePetition
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.Supervise)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Note { get; init; }
        public DateTimeOffset? ReplyDueAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Note).RequiredText(InputRules.NoteLength);
            RuleFor(c => c.ReplyDueAt).FutureDeadline(clock);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new IssueSupervisionNoticeCommand(request.Note!.Trim(), request.ReplyDueAt), cancellationToken);
    }
}
