using FluentValidation;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;

namespace Petitions.Application.Features.Public;

/// <summary>POST /api/public/lookup: the complainant looks the case up with its case number and query code (no account).</summary>
public static class LookupCase
{
    [AllowAnonymous]
    public sealed record Query : IRequest<PublicCaseView>
    {
        public string? CaseNo { get; init; }
        public string? QueryCode { get; init; }
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.CaseNo).NotEmpty().MaximumLength(40);
            RuleFor(q => q.QueryCode).NotEmpty().MaximumLength(QueryCodes.MaxInputLength);
        }
    }

    public sealed class Handler(PublicCaseAccess access, UnitDirectory units) : IRequestHandler<Query, PublicCaseView>
    {
        public async Task<PublicCaseView> Handle(Query request, CancellationToken cancellationToken)
        {
            var petitionCase = await access.OpenAsync(request.CaseNo!, request.QueryCode!, cancellationToken);
            return PublicCaseView.From(petitionCase, await units.GetAsync(cancellationToken));
        }
    }
}
