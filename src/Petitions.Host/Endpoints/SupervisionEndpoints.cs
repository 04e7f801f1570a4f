using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Supervision;

namespace Petitions.Host.Endpoints;

/// <summary>/api/look-back-reviews: supervisors sample closed cases and record whether their handling held up.</summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/look-back-reviews").WithTags(ApiTags.Supervision);

        reviews.MapGet("", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new ListLookBackReviews.Query(), ct)))
            .WithName(nameof(ListLookBackReviews))
            .WithSummary("The look-back reviews, newest first.");

        reviews.MapGet("{id}", async (string id, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetLookBackReview.Query(id), ct)))
            .WithName(nameof(GetLookBackReview)).Problems(404)
            .WithSummary("A look-back review with its sampled cases and findings.");

        reviews.MapPost("", async (StartLookBackReview.Command body, IMediator m, CancellationToken ct) =>
            {
                var review = await m.Send(body, ct);
                return TypedResults.Created($"/api/look-back-reviews/{review.Id}", review);
            })
            .WithName(nameof(StartLookBackReview)).Problems(400, 404)
            .WithSummary("Sample closed cases (unit subtree, round, percentage; deterministic for a seed) for a look-back review.");

        reviews.MapPost("{id}/cases/{caseNo}", async Task<Ok<PetitionView>> (string id, string caseNo, RecordLookBackFinding.Command body,
                [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(body with { ReviewId = id, CaseNo = caseNo, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(RecordLookBackFinding)).CaseAction()
            .WithSummary("Record whether a sampled case's handling held up; one that did not reopens the case.");
        return app;
    }
}
