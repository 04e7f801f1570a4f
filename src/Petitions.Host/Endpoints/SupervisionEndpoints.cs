using MediatR;
using Petitions.Application.Features.Supervision;

namespace Petitions.Host.Endpoints;

public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/look-back-reviews").WithTags("Supervision");
        reviews.MapGet("", (IMediator m, CancellationToken ct) => m.Send(new ListLookBackReviews.Query(), ct));
        reviews.MapGet("{id}", (string id, IMediator m, CancellationToken ct) => m.Send(new GetLookBackReview.Query(id), ct));
        reviews.MapPost("", async (StartLookBackReview.Command body, IMediator m, CancellationToken ct) =>
        {
            var review = await m.Send(body, ct);
            return Results.Created($"/api/look-back-reviews/{review.Id}", review);
        }).WithSummary("Sample closed cases (unit subtree, round, percentage; deterministic for a seed) for a look-back review.");
        reviews.MapPost("{id}/cases/{caseNo}", (string id, string caseNo, RecordLookBackFinding.Command body, HttpRequest http, IMediator m, CancellationToken ct) =>
            m.SendAction(body with { ReviewId = id, CaseNo = caseNo, IdempotencyKey = http.IdempotencyKey(), ExpectedVersion = http.ExpectedVersion() }, ct));
        return app;
    }
}
