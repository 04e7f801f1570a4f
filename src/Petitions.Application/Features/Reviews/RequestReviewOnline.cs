using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Public;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// POST /api/public/reviews {caseNo, queryCode, reason}: the complainant asks for 复查 — or 复核, once the 复查 opinion has
/// been delivered — on the self-service page, dated now. Opened like the lookup (same throttling, the same 404 for an
/// unknown case or a wrong code); a late request is the domain's 409 with the date the window closed.
/// </summary>
public static class RequestReviewOnline
{
    [AllowAnonymous]
    public sealed record Command : IRequest<PublicCaseView>
    {
        public string? CaseNo { get; init; }
        public string? QueryCode { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CaseNo).NotEmpty().MaximumLength(40);
            RuleFor(c => c.QueryCode).NotEmpty().MaximumLength(QueryCodes.MaxInputLength);
            RuleFor(c => c.Reason).RequiredText(RequestReview.ReasonLength);
        }
    }

    public sealed class Handler(PublicCaseAccess access, IGrainFactory grains, UnitDirectory units, IClock clock) : IRequestHandler<Command, PublicCaseView>
    {
        public async Task<PublicCaseView> Handle(Command request, CancellationToken cancellationToken)
        {
            var petitionCase = await access.OpenAsync(request.CaseNo!, request.QueryCode!, cancellationToken);
            var tree = await units.GetAsync(cancellationToken);
            var level = ReviewUnits.NextLevel(petitionCase);
            var command = new RequestReviewCommand(level, clock.UtcNow, request.Reason!.Trim(), ReviewUnits.For(petitionCase, level, tree));
            var result = await grains.GetGrain<IPetitionCaseGrain>(petitionCase.CaseNo).Execute(command, new CommandMeta(Actor.Complainant));
            if (result.Violation is { } violation) throw new RuleViolationException(violation, petitionCase.CaseNo);
            return PublicCaseView.From(result.Case!, tree);
        }
    }
}
