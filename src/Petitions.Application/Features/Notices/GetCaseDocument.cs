using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;
using Petitions.Domain.Privacy;

namespace Petitions.Application.Features.Notices;

/// <summary>
/// GET /api/petitions/{caseNo}/documents/{kind}: a written document of the case (受理回执, 受理告知书, 不予受理告知书,
/// 延期告知书, 处理意见书), 409 while the case has none of that kind. A notice is addressed to the complainant by name:
/// in clear for intake (the office that registered the person and hands the notices over), masked (张*) for everyone
/// else; an anonymous complaint is addressed to "信访人". A document never carries a phone number or an address.
/// </summary>
public static class GetCaseDocument
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, ReviewersToo = true)]
    public sealed record Query(string CaseNo, string? Kind) : IRequest<CaseDocumentContent>, ICaseRequest;

    public sealed class Handler(CaseReader cases, UnitDirectory units, ICurrentUserAccessor users) : IRequestHandler<Query, CaseDocumentContent>
    {
        public async Task<CaseDocumentContent> Handle(Query request, CancellationToken cancellationToken)
        {
            var kind = DocumentKinds.Parse(request.Kind)
                       ?? throw new InvalidFieldException("kind", ValidationCodes.OneOf, $"'kind' must be one of {string.Join(", ", DocumentKinds.Slugs)}.");
            var petitionCase = await cases.GetAsync(request.CaseNo) ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            var user = (await users.GetAsync(cancellationToken))!;
            var name = AddresseeName(petitionCase.Complainant, user.IsInRole(Roles.Intake));
            return NoticeTexts.Build(petitionCase, kind, await units.GetAsync(cancellationToken), name)
                   ?? throw new RuleViolationException(new RuleViolation(Rules.DocumentNotIssued, ViolationKind.Conflict,
                       $"Case {petitionCase.CaseNo} has no {DocumentKinds.Slug(kind)} (yet).", petitionCase.Status), petitionCase.CaseNo);
        }

        private static string? AddresseeName(Complainant? complainant, bool inClear) =>
            complainant is not { Anonymous: false, Name: { } name } ? null
            : inClear ? name
            : Masking.Name(name);
    }
}
