using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Triage;

/// <summary>
/// POST /api/petitions/{caseNo}/urgent: intake (or a supervisor) flags an open case as an urgent matter (重大紧急:
/// 突发环境事件 / 群体性事件) after registration, when the urgency shows later; supervisors in scope see it at once.
/// </summary>
public static class FlagUrgent
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.FlagUrgent)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>Emergency (突发环境事件) | MassIncident (群体性事件).</summary>
        public string? Kind { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Kind).EnumName(typeof(UrgentKind));
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new FlagUrgentCommand(InputRules.ParseEnum<UrgentKind>(request.Kind?.Trim()), request.Reason!.Trim()), cancellationToken);
    }
}
