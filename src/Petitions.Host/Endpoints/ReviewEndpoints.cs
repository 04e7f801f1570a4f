using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.Reviews;

namespace Petitions.Host.Endpoints;

/// <summary>
/// 复查 / 复核 (信访工作条例 Art. 35–36): intake records a request (POST /api/petitions/{caseNo}/reviews), the reviewing
/// unit records hearings (…/reviews/{no}/hearing) and answers (…/reviews/{no}/decision). Each answers the case with its
/// ETag, honouring Idempotency-Key and If-Match like every case action. The complainant's own request is
/// POST /api/public/reviews (PublicEndpoints).
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/petitions/{caseNo}/reviews").WithTags(ApiTags.PetitionActions);

        reviews.MapPost("", async Task<Ok<PetitionView>> (string caseNo, RequestReview.Command body, [AsParameters] CaseActionGuards guards, HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send((RequestReview.Command)body.Addressed(caseNo, guards.Key(), guards.Version()), ct)))
            .WithName(nameof(RequestReview)).CaseAction()
            .WithSummary("Record the complainant's request for 复查 (level Review: the lead unit's parent) or 复核 (ReReview: one level further up), dated requestedAt; " +
                         "within 30 days of the delivery of the written opinion it answers, else 409 ReviewWindowClosed with windowClosedAt. One review is open at a time.");

        reviews.MapPost("{no:int}/hearing", async Task<Ok<PetitionView>> (string caseNo, int no, RecordReviewHearing.Command body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(body with { CaseNo = caseNo, No = no, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(RecordReviewHearing)).CaseAction()
            .WithSummary("A hearing (听证) of review {no}: pausedAt stops its 30-day answer clock, resumedAt starts it again; the paused time is not counted. The reviewing unit only.");

        reviews.MapPost("{no:int}/decision", async Task<Ok<PetitionView>> (string caseNo, int no, DecideReview.Command body, [AsParameters] CaseActionGuards guards,
                HttpResponse response, IMediator m, CancellationToken ct) =>
                response.CaseWithETag(await m.Send(body with { CaseNo = caseNo, No = no, IdempotencyKey = guards.Key(), ExpectedVersion = guards.Version() }, ct)))
            .WithName(nameof(DecideReview)).CaseAction()
            .WithSummary("The reviewing unit's written answer to review {no}: Upheld (维持), Changed (变更) or SetAside (撤销: the case returns to its lead unit in progress, the opinion being the instructions).");
        return app;
    }
}
