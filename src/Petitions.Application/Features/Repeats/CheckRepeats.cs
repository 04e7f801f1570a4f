using FluentValidation;
using Petitions.Application.Common.Validation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Privacy;

namespace Petitions.Application.Features.Repeats;

/// <summary>POST /api/petitions/repeat-check: ranked possible repeats while intake staff type (nothing is stored).</summary>
public static class CheckRepeats
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record Query(string? RegionCode, string? Target, string? Phone, string? Address, int Limit = 20) : IRequest<IReadOnlyList<RepeatCandidate>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(UnitDirectory units)
        {
            RuleFor(q => q.RegionCode).NotEmpty()
                .MustAsync(async (code, ct) => (await units.GetAsync(ct)).Contains(code!)).WithErrorCode(ValidationCodes.KnownUnit).WithMessage("'Region Code' must be a known unit code.");
            RuleFor(q => q.Target).NotEmpty().MaximumLength(200).PlainText();
            RuleFor(q => q.Address).MaximumLength(200).PlainText();
            RuleFor(q => q.Phone).Must(PhoneNumber.IsPlausible).When(q => !string.IsNullOrWhiteSpace(q.Phone))
                .WithErrorCode(ValidationCodes.Phone).WithMessage("'Phone' must be a Chinese mobile or landline number.");
            RuleFor(q => q.Limit).InclusiveBetween(1, 100);
        }
    }

    public sealed class Handler(RepeatFinder finder, ICurrentUserAccessor users, UnitDirectory units) : IRequestHandler<Query, IReadOnlyList<RepeatCandidate>>
    {
        public async Task<IReadOnlyList<RepeatCandidate>> Handle(Query request, CancellationToken cancellationToken)
        {
            var scope = Scope.ForCases((await users.GetAsync(cancellationToken))!, await units.GetAsync(cancellationToken));
            return await finder.FindAsync(request.RegionCode!, request.Target!, request.Phone, request.Address, scope, request.Limit, cancellationToken);
        }
    }
}
