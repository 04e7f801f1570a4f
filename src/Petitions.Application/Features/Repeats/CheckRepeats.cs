using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Privacy;

namespace Petitions.Application.Features.Repeats;

/// <summary>
/// POST /api/petitions/repeat-check: ranked possible repeats while intake staff type (nothing is stored), each with
/// its kind and whether saving would link to it. The region with a target or a phone is enough ("has this caller
/// complained before?"); categories and the receipt time make the answer what saving will do.
/// </summary>
public static class CheckRepeats
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record Query(string? RegionCode, string? Target, string? Phone, string? Address, int Limit = 20) : IRequest<IReadOnlyList<RepeatCandidate>>
    {
        public IReadOnlyList<string>? Categories { get; init; }
        /// <summary>When the complaint was received (default: now): the 12-month window counts from it.</summary>
        public DateTimeOffset? ReceivedAt { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(q => q.RegionCode).NotEmpty()
                .MustAsync(async (code, ct) => (await units.GetAsync(ct)).Contains(code!)).WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'Region Code' must be a known unit code.");
            RuleFor(q => q.Target).NotEmpty().When(q => string.IsNullOrWhiteSpace(q.Phone)).WithMessage("'Target' or 'Phone' must be given.");
            RuleFor(q => q.Target).MaximumLength(200).PlainText();
            RuleFor(q => q.Address).MaximumLength(200).PlainText();
            RuleFor(q => q.Phone).Must(PhoneNumber.IsPlausible).When(q => !string.IsNullOrWhiteSpace(q.Phone))
                .WithErrorCode(ValidationCodes.Phone).WithMessage("'Phone' must be a Chinese mobile or landline number.");
            RuleForEach(q => q.Categories).IsEnumName(typeof(Category), caseSensitive: false);
            RuleFor(q => q.Limit).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(RepeatFinder finder, ICurrentUserAccessor users, UnitDirectory units, IClock clock) : IRequestHandler<Query, IReadOnlyList<RepeatCandidate>>
    {
        public async Task<IReadOnlyList<RepeatCandidate>> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = Scope.ForCases((await users.GetAsync(cancellationToken))!, await units.GetAsync(cancellationToken));
            var categories = request.Categories?.Select(c => Enum.Parse<Category>(c, ignoreCase: true)).Distinct().ToList();
            var probe = new RepeatProbe(request.RegionCode!, InputRules.TrimOrNull(request.Target),
                request.Phone, request.Address, categories, request.ReceivedAt?.ToUniversalTime() ?? clock.UtcNow);
            return await finder.FindAsync(probe, scope, request.Limit, cancellationToken);
        }
    }
}
