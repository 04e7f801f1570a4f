using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Triage;

/// <summary>
/// POST /api/petitions/{caseNo}/divert: intake or a supervisor sends a matter that belongs to another procedure to the
/// competent body (转送, 信访工作条例 Art. 28–31), with the reason and the notice to the complainant. The case ends
/// Diverted: counted as diverted, not in the completion rate's denominator.
/// </summary>
public static class DivertPetition
{
    public const int BodyNameLength = 100;
    public const int NoticeLength = 2000;

    [Authorize(Roles.Intake, Roles.Supervisor)]
    [Sends(CaseCommandKind.Divert)]
    public sealed record Command : CaseAction, IRequest<PetitionView>
    {
        /// <summary>DisciplineInspection (纪检监察) | PoliticalLegal (政法) | AdministrativeReconsideration (行政复议) | Other.</summary>
        public string? Body { get; init; }
        /// <summary>The receiving body's name: required for Other, optional otherwise (e.g. the prefecture's 纪委监委).</summary>
        public string? BodyName { get; init; }
        public string? Reason { get; init; }
        /// <summary>The notice to the complainant (转送告知); when absent, the standard wording naming the body and the reason.</summary>
        public string? Notice { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).EnumName(typeof(DivertBody));
            RuleFor(c => c.BodyName).OptionalText(BodyNameLength);
            RuleFor(c => c.BodyName).NotEmpty()
                .When(c => string.Equals(c.Body?.Trim(), nameof(DivertBody.Other), StringComparison.OrdinalIgnoreCase))
                .WithErrorCode(ValidationCodes.OtherBodyNeedsName).WithMessage("'Body Name' is required when the body is Other.");
            RuleFor(c => c.Reason).RequiredText(InputRules.ReasonLength);
            RuleFor(c => c.Notice).OptionalText(NoticeLength);
        }
    }

    public sealed class Handler(CaseCommandSender sender, IClock clock) : IRequestHandler<Command, PetitionView>
    {
        public Task<PetitionView> Handle(Command request, CancellationToken cancellationToken)
        {
            var body = InputRules.ParseEnum<DivertBody>(request.Body?.Trim());
            var name = InputRules.TrimOrNull(request.BodyName);
            var reason = request.Reason!.Trim();
            var notice = InputRules.TrimOrNull(request.Notice) ?? DiversionNotice.Standard(body, name, reason, clock.UtcNow);
            return sender.SendAsync(request, new DivertCaseCommand(body, name, reason, notice), cancellationToken);
        }
    }
}

/// <summary>The standard wording of the notice to the complainant (转送告知书) when intake writes none of its own.</summary>
public static class DiversionNotice
{
    /// <summary>The body as the notice names it: its own name when given, else the kind of body.</summary>
    public static string BodyText(DivertBody body, string? name) => name ?? body switch
    {
        DivertBody.DisciplineInspection => "纪检监察机关",
        DivertBody.PoliticalLegal => "政法机关（人民法院、人民检察院、公安机关）",
        DivertBody.AdministrativeReconsideration => "行政复议机关",
        _ => "有权处理的机关",
    };

    public static string Standard(DivertBody body, string? name, string reason, DateTimeOffset now)
    {
        var date = ChinaTime.DateOf(now);
        var to = BodyText(body, name);
        return $"您反映的事项经审查，{reason.TrimEnd('。')}。根据《信访工作条例》的规定，该事项依法应由{to}处理，" +
               $"我单位已于{date.Year}年{date.Month}月{date.Day}日转送{to}，请您向其了解办理情况。";
    }
}
