using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Notices;

/// <summary>
/// GET /api/petitions/{caseNo}/documents/handover-sheet: the case's 交办单 for its lead unit (see <see cref="HandoverSheet"/>);
/// 409 while the case has not been handed to a unit. The complainant is masked for every reader.
/// </summary>
public static class GetHandoverSheet
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query(string CaseNo) : IRequest<CaseDocumentContent>, ICaseRequest;

    public sealed class Handler(CaseReader cases, UnitDirectory units) : IRequestHandler<Query, CaseDocumentContent>
    {
        public async Task<CaseDocumentContent> Handle(Query request, CancellationToken cancellationToken)
        {
            var petitionCase = await cases.GetAsync(request.CaseNo) ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            return HandoverSheet.Build(petitionCase, await units.GetAsync(cancellationToken))
                   ?? throw new RuleViolationException(new RuleViolation(Rules.DocumentNotIssued, ViolationKind.Conflict,
                       $"Case {petitionCase.CaseNo} has not been handed to a unit yet: it has no handover sheet.", petitionCase.Status), petitionCase.CaseNo);
        }
    }
}
