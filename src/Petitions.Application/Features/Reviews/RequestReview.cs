using FluentValidation;
using MediatR;
using Orleans;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// POST /api/petitions/{caseNo}/reviews {level, requestedAt, reason}: intake records the complainant's request for 复查
/// (Review) or 复核 (ReReview), dated when it was received. It goes to the unit one level up (ReviewUnits); a request
/// after its window is the domain's 409 with the date the window closed; one review is open at a time.
/// </summary>
public static class RequestReview
{
    public const int ReasonLength = 2000;

    [Authorize(Roles.Intake)]
    [Sends(CaseCommandKind.RequestReview)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>Review (复查) or ReReview (复核).</summary>
        public string? Level { get; init; }
        /// <summary>When the request was received (a letter's date of receipt); the window is checked against it.</summary>
        public DateTimeOffset? RequestedAt { get; init; }
        public string? Reason { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Level).EnumName(typeof(ReviewLevel));
            RuleFor(c => c.RequestedAt).HappenedBy(clock);
            RuleFor(c => c.Reason).RequiredText(ReasonLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender, IGrainFactory grains, UnitDirectory units) : IRequestHandler<Command, PetitionView>
    {
        public async Task<PetitionView> Handle(Command request, CancellationToken cancellationToken)
        {
            var petitionCase = await grains.GetGrain<IPetitionCaseGrain>(request.CaseNo).Get()
                ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            var level = InputRules.ParseEnum<ReviewLevel>(request.Level!.Trim());
            var unit = ReviewUnits.For(petitionCase, level, await units.GetAsync(cancellationToken));
            return await sender.SendAsync(request, new RequestReviewCommand(level, request.RequestedAt!.Value, request.Reason!.Trim(), unit), cancellationToken);
        }
    }
}
