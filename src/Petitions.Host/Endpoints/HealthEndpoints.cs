using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Endpoints;

public static class HealthEndpoints
{
    /// <summary>GET /health: 200 when the process is up and its database answers within 5 s, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (MetaTable meta, StorageOptions storage, ILogger<MetaTable> logger) =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await meta.PingAsync(timeout.Token);
                return Results.Ok(new { status = "Healthy", profile = storage.Profile.ToString(), database = "reachable" });
            }
            catch (Exception ex)
            {
                logger.LogWarning("Health check: database unreachable ({Error})", ex.GetType().Name);
                return Results.Json(new { status = "Unhealthy", profile = storage.Profile.ToString(), database = "unreachable" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().WithTags("Operations").ExcludeFromDescription();
        return app;
    }
}
