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
            RuleFor(c => c.LeadUnit).NotEmpty()
                .MustAsync(async (code, ct) => (await units.GetAsync(ct)).IsActive(code!)).WithMessage("'Lead Unit' must be an active unit code.");
            RuleForEach(c => c.CoUnits)
                .MustAsync(async (code, ct) => (await units.GetAsync(ct)).IsActive(code)).WithMessage("'{PropertyValue}' is not an active unit code.");
            RuleFor(c => c.DueAt).Must(d => d > clock.UtcNow).When(c => c.DueAt is not null).WithMessage("'Due At' must be in the future.");
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new AssignCaseCommand(request.LeadUnit!, request.CoUnits ?? [], request.DueAt), cancellationToken);
    }
}
