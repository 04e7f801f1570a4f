using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/site-visits: a handler of the lead unit or of a co-unit logs an on-site investigation
/// (现场核查). Visits may be logged as often as they happen, while the case is worked on.
/// </summary>
public static class LogSiteVisit
{
    public const int MaxInspectors = 10;

    [Authorize(Roles.Handler)]

    [Sends(CaseCommandKind.SiteVisit)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public DateTimeOffset? VisitedAt { get; init; }
        public IReadOnlyList<string?>? Inspectors { get; init; }
        public string? Findings { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.VisitedAt).HappenedBy(clock);
            RuleFor(c => c.Inspectors).NotEmpty()
                .Must(i => i!.Count <= MaxInspectors).WithErrorCode(ValidationCodes.InspectorCount).WithMessage($"'Inspectors' must name 1 to {MaxInspectors} people.");
            RuleForEach(c => c.Inspectors).RequiredText(InputRules.PersonNameLength);
            RuleFor(c => c.Findings).RequiredText(InputRules.FindingsLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new LogSiteVisitCommand(
                request.VisitedAt!.Value,
                request.Inspectors!.Select(name => name!.Trim()).ToList(),
                request.Findings!.Trim()), cancellationToken);
    }
}
