using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Repeats;

/// <summary>
/// POST /api/petitions/{caseNo}/repeat-decision: a supervisor decides on a closed case that came back (办结后重复举报):
/// <c>ReopenOriginal</c> (reason, target, dueAt, responsiblePerson — the same as a reopen) or <c>NewCaseCarries</c>
/// (reason; the original stays closed and its round's rate stays as published). The decision goes on the original's
/// timeline and on each repeat's. 409 when no repeat of the case is waiting for a decision.
/// </summary>
public static class DecideRepeat
{
    [Authorize(Roles.Supervisor)]
    [Sends(CaseCommandKind.DecideRepeat)]
    public sealed record RepeatDecisionRequest : CaseAction, IRequest<PetitionView>
    {
        /// <summary><c>ReopenOriginal</c> or <c>NewCaseCarries</c>.</summary>
        public string? Decision { get; init; }
        public string? Reason { get; init; }
        /// <summary>For <c>ReopenOriginal</c>: the rectification target.</summary>
        public string? Target { get; init; }
        /// <summary>For <c>ReopenOriginal</c>: the new deadline.</summary>
        public DateTimeOffset? DueAt { get; init; }
        /// <summary>For <c>ReopenOriginal</c>: the responsible person.</summary>
        public string? ResponsiblePerson { get; init; }
    }

    public sealed class Validator : AbstractValidator<RepeatDecisionRequest>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Decision).NotEmpty().IsEnumName(typeof(RepeatDecision), caseSensitive: false);
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
            When(c => IsReopen(c.Decision), () =>
            {
                RuleFor(c => c.Target).RequiredText(InputRules.ReasonLength);
                RuleFor(c => c.DueAt).NotNull().FutureDeadline(clock);
                RuleFor(c => c.ResponsiblePerson).RequiredText(InputRules.PersonNameLength);
            });
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<RepeatDecisionRequest, PetitionView>
    {
        public Task<PetitionView> Handle(RepeatDecisionRequest request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new DecideRepeatCommand(
                Enum.Parse<RepeatDecision>(request.Decision!, ignoreCase: true),
                request.Reason!.Trim(),
                request.Target?.Trim(),
                request.DueAt,
                request.ResponsiblePerson?.Trim()), cancellationToken);
    }

    private static bool IsReopen(string? decision) =>
        Enum.TryParse<RepeatDecision>(decision, ignoreCase: true, out var d) && d == RepeatDecision.ReopenOriginal;
}
