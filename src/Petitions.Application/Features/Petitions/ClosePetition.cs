using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/close: a supervisor verifies and closes the case (验收销号), finally (办结) or as a stage
/// closure (阶段性办结) with a rectification date that keeps it on the problem list.
/// </summary>
public static class ClosePetition
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.Close)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Kind { get; init; }
        public string? Note { get; init; }
        public DateTimeOffset? RectificationDueAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Kind).EnumName(typeof(ClosureKind));
            RuleFor(c => c.Note).OptionalText(InputRules.NoteLength);
            RuleFor(c => c.RectificationDueAt)
                .NotNull().WithErrorCode(ValidationCodes.StageNeedsRectificationDue).WithMessage("'Rectification Due At' is required for a stage closure.")
                .FutureDeadline(clock)
                .When(c => IsKind(c, ClosureKind.Stage));
            RuleFor(c => c.RectificationDueAt)
                .Null().WithErrorCode(ValidationCodes.RectificationDueStageOnly).WithMessage("'Rectification Due At' belongs to a stage closure only.")
                .When(c => IsKind(c, ClosureKind.Final));
        }

        private static bool IsKind(Command c, ClosureKind kind) =>
            string.Equals(c.Kind, kind.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new CloseCaseCommand(
                InputRules.ParseEnum<ClosureKind>(request.Kind),
                InputRules.TrimOrNull(request.Note),
                request.RectificationDueAt), cancellationToken);
    }
}
