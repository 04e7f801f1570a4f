using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// PUT /api/petitions/{caseNo}/problem-list: a supervisor sets the rectification target, deadline and responsible
/// person of the case's problem-list entry (问题清单). A case not on the list is the domain's 409.
/// </summary>
public static class AdjustProblemEntry
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.AdjustProblem)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Target { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        public string? ResponsiblePerson { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Target).RequiredText(InputRules.ReasonLength);
            RuleFor(c => c.DueAt).NotNull().FutureDeadline(clock);
            RuleFor(c => c.ResponsiblePerson).RequiredText(InputRules.PersonNameLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new AdjustProblemEntryCommand(request.Target!.Trim(), request.DueAt!.Value, request.ResponsiblePerson!.Trim()), cancellationToken);
    }
}
