using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Endpoints;

/// <summary>
/// What GET /health answers: the storage profile, whether its database answers, and whether the read model is caught
/// up with the case states ("current") or still "catching up" after a crash (Status "Degraded": the host serves, but
/// lists and statistics may lack the last writes before the crash).
/// </summary>
public sealed record HostHealth(string Status, string Profile, string Database, string ReadModel);

public static class HealthEndpoints
{
    /// <summary>GET /health: 200 when the process is up and its database answers within 5 s, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (MetaTable meta, StorageOptions storage, Operations.ReadModelCatchUp catchUp, ILogger<MetaTable> logger) =>
        {
            var readModel = catchUp.CatchingUp ? "catching up" : "current";
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await meta.PingAsync(timeout.Token);
                return Results.Ok(new HostHealth(catchUp.CatchingUp ? "Degraded" : "Healthy", storage.Profile.ToString(), "reachable", readModel));
            }
            catch (Exception ex)
            {
                logger.LogWarning("Health check: database unreachable ({Error})", ex.GetType().Name);
                return Results.Json(new HostHealth("Unhealthy", storage.Profile.ToString(), "unreachable", readModel), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        })
            .AllowAnonymous()
            .WithTags(ApiTags.Operations)
            .WithName("GetHealth")
            .Produces<HostHealth>(StatusCodes.Status200OK)
            .Produces<HostHealth>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("200 when the process is up and its database answers within 5 s (status Degraded while the read model catches up after a crash), 503 otherwise (for load balancers and monitoring).");
        return app;
    }
}
