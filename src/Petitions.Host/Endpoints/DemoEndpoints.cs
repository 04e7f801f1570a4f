using Petitions.Application.Features.Demo;

namespace Petitions.Host.Endpoints;

public static class DemoEndpoints
{
    /// <summary>GET /api/demo/status: anonymous (counts only, no case data), so the UI can show "加载演示数据 1234/4600".</summary>
    public static IEndpointRouteBuilder MapDemoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/demo/status", (MediatR.IMediator m, CancellationToken ct) => m.Send(new GetDemoStatus.Query(), ct)).AllowAnonymous().WithTags("Demo");
        return app;
    }
}
