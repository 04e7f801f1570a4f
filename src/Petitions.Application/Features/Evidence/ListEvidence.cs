using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Domain.Evidence;

namespace Petitions.Application.Features.Evidence;

/// <summary>GET /api/petitions/{caseNo}/attachments: the case's files, oldest first, with the limits they count against.</summary>
public static class ListEvidence
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record Query(string CaseNo) : IRequest<EvidenceListView>, ICaseRequest;

    public sealed class Handler(CaseReader cases, EvidenceOptions options) : IRequestHandler<Query, EvidenceListView>
    {
        public async Task<EvidenceListView> Handle(Query request, CancellationToken cancellationToken)
        {
            var petitionCase = await cases.GetAsync(request.CaseNo) ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            return new EvidenceListView(petitionCase.Attachments.Select(AttachmentView.From).ToList(),
                EvidenceRules.TotalSize(petitionCase), options.MaxCaseBytes, options.MaxFileBytes);
        }
    }
}

/// <summary>A case's files and the limits: bytes used by the case, the case's limit, one file's limit.</summary>
public sealed record EvidenceListView(IReadOnlyList<AttachmentView> Items, long TotalSize, long MaxCaseBytes, long MaxFileBytes);
