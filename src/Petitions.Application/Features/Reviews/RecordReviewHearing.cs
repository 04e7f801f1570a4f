using System.Text.Json.Serialization;
using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Reviews;

/// <summary>
/// POST /api/petitions/{caseNo}/reviews/{no}/hearing {pausedAt | resumedAt}: the reviewing unit holds a hearing (听证):
/// its start pauses the 30-day answer clock, its end resumes it; the time in between is not counted (Art. 35).
/// </summary>
public static class RecordReviewHearing
{
    [Authorize(Roles.Handler, Roles.Supervisor, HandlerMustReview = true)]
    [Sends(CaseCommandKind.ReviewHearing)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>The review's number on the case (from the route).</summary>
        [JsonIgnore] public int No { get; init; }
        /// <summary>When the hearing began (pauses the clock); send this or resumedAt.</summary>
        public DateTimeOffset? PausedAt { get; init; }
        /// <summary>When the hearing ended (resumes the clock).</summary>
        public DateTimeOffset? ResumedAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.No).GreaterThan(0);
            RuleFor(c => c.PausedAt).NotNull().When(c => c.ResumedAt is null)
                .WithErrorCode(ValidationCodes.OneOf).WithMessage("Send 'pausedAt' (the hearing began) or 'resumedAt' (it ended).");
            RuleFor(c => c.ResumedAt).Null().When(c => c.PausedAt is not null)
                .WithErrorCode(ValidationCodes.OneOf).WithMessage("Send 'pausedAt' or 'resumedAt', not both.");
            RuleFor(c => c.PausedAt).HappenedBy(clock).When(c => c.PausedAt is not null);
            RuleFor(c => c.ResumedAt).HappenedBy(clock).When(c => c.ResumedAt is not null);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new ReviewHearingCommand(request.No, request.PausedAt, request.ResumedAt), cancellationToken);
    }
}
