using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/result: the lead unit's handler submits the handling result (办理结果) with its verdict.
/// "Unsubstantiated" without a site visit is the domain's refusal (409), not a shape error. The optional opinion
/// (Support / Explain / NotSupport: 支持 / 解释说明 / 不予支持) is what the handling opinion states; absent, it follows the verdict.
/// </summary>
public static class SubmitResult
{
    [Authorize(Roles.Handler, HandlerMustLead = true)]
    [Sends(CaseCommandKind.Result)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        public string? Verdict { get; init; }
        public string? Findings { get; init; }
        public string? Measures { get; init; }
        public string? Penalties { get; init; }
        public string? PublicSummary { get; init; }
        /// <summary>Support, Explain or NotSupport; absent: substantiated or partly → Support, unsubstantiated → Explain.</summary>
        public string? Opinion { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Verdict).EnumName(typeof(Verdict));
            RuleFor(c => c.Findings).RequiredText(InputRules.FindingsLength);
            RuleFor(c => c.Measures).RequiredText(InputRules.FindingsLength);
            RuleFor(c => c.Penalties).OptionalText(InputRules.FindingsLength);
            RuleFor(c => c.PublicSummary).RequiredText(InputRules.PublicSummaryLength);
            RuleFor(c => c.Opinion).EnumName(typeof(HandlingOpinion)).When(c => c.Opinion is not null);
        }
    }

    public sealed class Handler(CaseCommandSender sender) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken) =>
            sender.SendAsync(request, new SubmitResultCommand(
                InputRules.ParseEnum<Verdict>(request.Verdict),
                request.Findings!.Trim(),
                request.Measures!.Trim(),
                InputRules.TrimOrNull(request.Penalties),
                request.PublicSummary!.Trim(),
                request.Opinion is null ? null : InputRules.ParseEnum<HandlingOpinion>(request.Opinion)), cancellationToken);
    }
}
