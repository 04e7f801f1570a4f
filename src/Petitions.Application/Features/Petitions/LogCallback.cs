using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/callbacks: the lead unit's handler or a supervisor logs a callback (回访) to the
/// complainant or a resident. A dissatisfied answer puts the case back to work on the problem list (the domain's rule).
/// </summary>
public static class LogCallback
{
    [Authorize(Roles.Handler, Roles.Supervisor, HandlerMustLead = true)]
    [Sends(CaseCommandKind.Callback)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public DateTimeOffset? CalledAt { get; init; }
        public string? Method { get; init; }
        public string? Contact { get; init; }
        public string? Satisfaction { get; init; }
        public string? Note { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.CalledAt).HappenedBy(clock);
            RuleFor(c => c.Method).EnumName(typeof(CallbackMethod));
            RuleFor(c => c.Contact).EnumName(typeof(CallbackContact));
            RuleFor(c => c.Satisfaction).EnumName(typeof(Satisfaction));
            RuleFor(c => c.Note).OptionalText(InputRules.NoteLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new LogCallbackCommand(
                request.CalledAt!.Value,
                InputRules.ParseEnum<CallbackMethod>(request.Method),
                InputRules.ParseEnum<CallbackContact>(request.Contact),
                InputRules.ParseEnum<Satisfaction>(request.Satisfaction),
                InputRules.TrimOrNull(request.Note)), cancellationToken);
    }
}
