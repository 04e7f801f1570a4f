using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Triage;

/// <summary>
/// POST /api/petitions/{caseNo}/urgent-reports: a supervisor (or intake) records the upward report of an urgent matter
/// on the timeline: who was informed (the superior unit, the duty office, a leader) and when.
/// </summary>
public static class ReportUrgent
{
    public const int InformedLength = 200;

    [Authorize(Roles.Supervisor, Roles.Intake)]
    [Sends(CaseCommandKind.ReportUrgent)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>Who was informed, e.g. 自治区生态环境厅总值班室.</summary>
        public string? Informed { get; init; }
        public DateTimeOffset? ReportedAt { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Informed).RequiredText(InformedLength);
            RuleFor(c => c.ReportedAt).HappenedBy(clock);
            RuleFor(c => c.Note).OptionalText(InputRules.NoteLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ReportUrgentCommand(request.Informed!.Trim(), request.ReportedAt!.Value, InputRules.TrimOrNull(request.Note)), cancellationToken);
    }
}
