using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// POST /api/petitions/{caseNo}/reviews/{no}/decision {outcome, opinion}: the reviewing unit (its handler, or a supervisor
/// over it) answers in writing: Upheld (维持), Changed (变更) or SetAside (撤销: the case goes back to its lead unit in
/// progress, the opinion being the reviewer's instructions). The review-opinion document exists from then on.
/// </summary>
public static class DecideReview
{
    public const int OpinionLength = 4000;

    [Authorize(Roles.Handler, Roles.Supervisor, HandlerMustReview = true)]
    [Sends(CaseCommandKind.DecideReview)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>The review's number on the case (from the route).</summary>
        [JsonIgnore] public int No { get; init; }
        /// <summary>Upheld, Changed or SetAside.</summary>
        public string? Outcome { get; init; }
        /// <summary>The written opinion (复查意见 / 复核意见): the facts, the reasons, and for a set-aside the instructions.</summary>
        public string? Opinion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.No).GreaterThan(0);
            RuleFor(c => c.Outcome).EnumName(typeof(ReviewOutcome));
            RuleFor(c => c.Opinion).RequiredText(OpinionLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new DecideReviewCommand(request.No, InputRules.ParseEnum<ReviewOutcome>(request.Outcome!.Trim()), request.Opinion!.Trim()), cancellationToken);
    }
}
