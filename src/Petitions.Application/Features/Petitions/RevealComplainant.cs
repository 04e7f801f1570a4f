using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/complainant/reveal {reason}: the complainant in clear, for intake, a supervisor in scope
/// or the lead unit's handler. A reveal must say why (400 without a reason). Every reveal goes through the case grain
/// like any command, so it is on the timeline (who, when, why) and in the reveal log auditors read before anyone sees
/// the data; an anonymous complaint has nothing to reveal (409).
/// </summary>
public static class RevealComplainant
{
    [Authorize(Roles.Intake, Roles.Supervisor, Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.Reveal)]
    public sealed record Command(string CaseNo, string? Reason, string? IdempotencyKey = null, int? ExpectedVersion = null) : IRequest<Result>, ICaseActionRequest;

    public sealed record Result(string CaseNo, ComplainantView Complainant, DateTimeOffset RevealedAt, int Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
    }

    public sealed class Handler(CaseCommandSender sender, ICurrentUserAccessor users) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var revealed = await sender.ExecuteAsync(request.CaseNo, new RevealComplainantCommand(request.Reason!.Trim()), request.IdempotencyKey, request.ExpectedVersion, cancellationToken);
            var user = (await users.GetAsync(cancellationToken))!;
            // The caller's own latest reveal: this one, or the first answer to a retry with the same Idempotency-Key.
            var entry = revealed.Timeline.Last(e => e.Event is ComplainantRevealed && e.Actor.Id == user.Username);
            return new Result(revealed.CaseNo, ComplainantView.ClearFrom(revealed.Complainant)!, entry.At, revealed.Version);
        }
    }
}
