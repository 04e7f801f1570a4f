using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Endpoints;

/// <summary>What GET /health answers: the storage profile and whether its database answers.</summary>
public sealed record HostHealth(string Status, string Profile, string Database);

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
                return Results.Ok(new HostHealth("Healthy", storage.Profile.ToString(), "reachable"));
            }
            catch (Exception ex)
            {
                logger.LogWarning("Health check: database unreachable ({Error})", ex.GetType().Name);
                return Results.Json(new HostHealth("Unhealthy", storage.Profile.ToString(), "unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        })
            .AllowAnonymous()
            .WithTags(ApiTags.Operations)
            .WithName("GetHealth")
            .Produces<HostHealth>(StatusCodes.Status200OK)
            .Produces<HostHealth>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("200 when the process is up and its database answers within 5 s, 503 otherwise (for load balancers and monitoring).");
        return app;
    }
}
