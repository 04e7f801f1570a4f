using Petitions.Application.Common.Validation;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>POST /api/petitions/{caseNo}/assign: intake or a supervisor hands a registered case to a lead unit (交办).</summary>
public static class AssignPetition
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.Assign)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? LeadUnit { get; init; }
        public IReadOnlyList<string>? CoUnits { get; init; }
        public DateTimeOffset? DueAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UnitDirectory units, IClock clock)
        {
            RuleFor(c => c.LeadUnit).NotEmpty().ActiveUnit(units);
            RuleForEach(c => c.CoUnits).ActiveUnit(units);
            RuleFor(c => c.DueAt).FutureDeadline(clock);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new AssignCaseCommand(request.LeadUnit!, request.CoUnits ?? [], request.DueAt), cancellationToken);
    }
}
