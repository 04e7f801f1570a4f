using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/reopen: a supervisor sends a case back to work onto the problem list (问题清单) with a
/// rectification target, a new deadline and a responsible person.
/// </summary>
public static class ReopenPetition
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.Reopen)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Reason { get; init; }
        public string? Target { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        public string? ResponsiblePerson { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
            RuleFor(c => c.Target).RequiredText(InputRules.ReasonLength);
            RuleFor(c => c.DueAt).NotNull().FutureDeadline(clock);
            RuleFor(c => c.ResponsiblePerson).RequiredText(InputRules.PersonNameLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ReopenCaseCommand(
                request.Reason!.Trim(),
                request.Target!.Trim(),
                request.DueAt!.Value,
                request.ResponsiblePerson!.Trim()), cancellationToken);
    }
}
