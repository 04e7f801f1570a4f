using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Notices;

/// <summary>
/// POST /api/petitions/{caseNo}/deliveries {document, method, deliveredAt, recipient?}: intake, a supervisor or the lead
/// unit's handler records that a document reached the complainant (送达). On the timeline; the acceptance notice's clock
/// ends with it and the 30-day 复查 window starts with the handling opinion's. A document the case does not have yet is
/// the domain's 409.
/// </summary>
public static class RecordDelivery
{
    [Authorize(Roles.Intake, Roles.Supervisor, Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.RecordDelivery)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>receipt, acceptance-notice, refusal-notice, extension-notice, handling-opinion or review-opinion.</summary>
        public string? Document { get; init; }
        /// <summary>InPerson, Post, Sms, Online or Phone.</summary>
        public string? Method { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        /// <summary>Who received it when not the complainant in person (e.g. a family member); never required.</summary>
        public string? Recipient { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IClock clock)
        {
            RuleFor(c => c.Document).NotEmpty().Must(d => DocumentKinds.Parse(d) is not null)
                .WithErrorCode(ValidationCodes.OneOf).WithMessage($"'Document' must be one of {string.Join(", ", DocumentKinds.Slugs)}.");
            RuleFor(c => c.Method).EnumName(typeof(DeliveryMethod));
            RuleFor(c => c.DeliveredAt).HappenedBy(clock);
            RuleFor(c => c.Recipient).OptionalText(InputRules.PersonNameLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new RecordDeliveryCommand(
                DocumentKinds.Parse(request.Document)!.Value,
                InputRules.ParseEnum<DeliveryMethod>(request.Method),
                request.DeliveredAt!.Value,
                InputRules.TrimOrNull(request.Recipient)), cancellationToken);
    }
}
