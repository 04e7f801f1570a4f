using MediatR;
using Petitions.Application.Features.Demo;

namespace Petitions.Host.Endpoints;

/// <summary>GET /api/demo/status: anonymous (counts only, no case data), so the UI can show "加载演示数据 1234/4600".</summary>
public static class DemoEndpoints
{
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/demo/status", async (IMediator m, CancellationToken ct) => TypedResults.Ok(await m.Send(new GetDemoStatus.Query(), ct)))
            .AllowAnonymous()
            .RequireRateLimiting(ApiEndpoints.AnonymousRateLimit)
            .WithTags(ApiTags.Demo)
            .WithName(nameof(GetDemoStatus)).Problems(429)
            .WithSummary("How far the demo data load is (state Disabled without --demo); counts only.");
        return app;
    }
}
