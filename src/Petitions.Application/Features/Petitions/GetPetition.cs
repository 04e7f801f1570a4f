using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Common;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>A case with its whole timeline, complainant masked.</summary>
public static class GetPetition
{
    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor, ReviewersToo = true)]
    public sealed record Query(string CaseNo) : IRequest<PetitionView>, ICaseRequest;

    public sealed class Handler(CaseReader cases, UnitDirectory units, IClock clock, ICurrentUserAccessor users) : IRequestHandler<Query, PetitionView>
    {
        public async Task<PetitionView> Handle(Query request, CancellationToken cancellationToken)
        {
            var petitionCase = await cases.GetAsync(request.CaseNo)
                               ?? throw new NotFoundException($"Case {request.CaseNo} was not found.");
            var user = (await users.GetAsync(cancellationToken))!;
            return PetitionView.From(petitionCase, await units.GetAsync(cancellationToken), clock.UtcNow, user);
        }
    }
}
