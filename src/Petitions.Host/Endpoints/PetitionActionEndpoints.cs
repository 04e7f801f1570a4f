using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Endpoints;

/// <summary>The case actions, each POST /api/petitions/{caseNo}/{action}; Idempotency-Key and If-Match honoured.</summary>
public static class PetitionActionEndpoints
{
    public static IEndpointRouteBuilder MapPetitionActionEndpoints(this IEndpointRouteBuilder app)
    {
        var petitions = app.MapGroup("/api/petitions/{caseNo}").WithTags("Petition actions");

        petitions.MapPost("assign", (string caseNo, AssignPetition.Command body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(body with { CaseNo = caseNo, IdempotencyKey = http.IdempotencyKey(), ExpectedVersion = http.ExpectedVersion() }, ct));

        return app;
    }
}
