using MediatR;
using Petitions.Application.Features.Public;

namespace Petitions.Host.Endpoints;

/// <summary>
/// /api/public: the complainant's self-service, without an account. Limited per client address (the
/// public-lookup policy) and per case number (5 wrong codes lock it for 15 minutes); an unknown case and a wrong
/// code get the same 404.
/// </summary>
public static class PublicEndpoints
{
    public static IEndpointRouteBuilder MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        var publicApi = app.MapGroup("/api/public")
            .AllowAnonymous()
            .RequireRateLimiting(ApiEndpoints.PublicLookupRateLimit)
            .WithTags(ApiTags.Public);

        publicApi.MapPost("lookup", async (LookupCase.Query body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body, ct)))
            .WithName(nameof(LookupCase)).Problems(400, 404, 429)
            .WithSummary("Look a case up with its case number and query code: stage, deadlines, responsible unit, public summary; never personal data. 404 alike for an unknown case or a wrong code.");

        publicApi.MapPost("rating", async (RateHandling.Command body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body, ct)))
            .WithName(nameof(RateHandling)).Problems(400, 404, 409, 429)
            .WithSummary("Rate the handling once a result is in, once per case (Satisfied, BasicallySatisfied, Dissatisfied); a dissatisfied rating reopens the case like a dissatisfied callback.");

        publicApi.MapPost("reviews", async (Petitions.Application.Features.Reviews.RequestReviewOnline.Command body, IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(body, ct)))
            .WithName(nameof(Petitions.Application.Features.Reviews.RequestReviewOnline)).Problems(400, 404, 409, 429)
            .WithSummary("Ask for 复查 (or 复核, once the 复查 opinion has been delivered) of the written opinion, dated now, within 30 days of its delivery; " +
                         "409 ReviewWindowClosed with windowClosedAt when late, 409 ReviewOpen while one is waiting. 404 alike for an unknown case or a wrong code.");
        return app;
    }
}
