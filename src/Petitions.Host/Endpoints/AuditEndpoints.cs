using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Petitions.Application.Features.Audit;

namespace Petitions.Host.Endpoints;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/reveals", async Task<Ok<IReadOnlyList<RevealLogEntry>>> (string? from, string? to, string? user, string? caseNo,
                IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ListReveals.Query { From = from, To = to, User = user, CaseNo = caseNo }, ct)))
            .WithTags(ApiTags.Administration).WithName(nameof(ListReveals))
            .WithSummary("Every reveal of a complainant across cases (who, when, which case, why), newest first; for auditors and administrators.")
            .Problems(StatusCodes.Status400BadRequest);
        return app;
    }
}
