using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Petitions.Host.Components;
using Petitions.Host.Endpoints.OpenApi;
using Scalar.AspNetCore;

namespace Petitions.Host.Endpoints;

/// <summary>
/// Every HTTP endpoint outside the UI, mapped from here: the API description and its reference page, the public
/// endpoints (health, sign-in, demo status), then each resource's endpoints inside the group that requires a bearer
/// token (401 without one, 403 when the caller's role or scope does not allow the request).
/// </summary>
public static class ApiEndpoints
{
    /// <summary>The rate limit of the anonymous /api endpoints, per client address: 429 beyond it.</summary>
    public const string AnonymousRateLimit = "anonymous";

    /// <summary>
    /// The rate limit of the complainant's self-service (lookup and rating), per client address: a few attempts per
    /// window, so that guessing query codes across many case numbers from one address stops early (429 beyond it).
    /// Settings: Security:PublicLookupThrottle. Each case number is also locked after 5 wrong codes (PublicCaseAccess).
    /// </summary>
    public const string PublicLookupRateLimit = "public-lookup";

    public sealed class PublicLookupThrottleOptions
    {
        public int PermitLimit { get; set; } = 20;

        public int WindowSeconds { get; set; } = 600;
    }

    /// <summary>A burst of 40 anonymous requests, then 20 a second, per client address.</summary>
    private static readonly TokenBucketRateLimiterOptions AnonymousLimit = new()
    {
        TokenLimit = 40,
        TokensPerPeriod = 20,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public static IServiceCollection AddPetitionsApi(this IServiceCollection services)
    {
        services.AddPetitionsApiDescription();
        services.AddOptions<PublicLookupThrottleOptions>().BindConfiguration("Security:PublicLookupThrottle");
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PublicLookupRateLimit, http =>
            {
                var limit = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicLookupThrottleOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit.PermitLimit),
                    Window = TimeSpan.FromSeconds(Math.Max(1, limit.WindowSeconds)),
                    QueueLimit = 0,
                });
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AnonymousRateLimit, http =>
                RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => AnonymousLimit));
            // Rejections are answered by the one handler in Security/SignInThrottle (429 ProblemDetails with Retry-After).
        });
        return services;
    }

    public static WebApplication MapPetitionsApi(this WebApplication app)
    {
        app.MapOpenApi(ApiDescription.DocumentPath).AllowAnonymous();
        app.MapScalarApiReference("/api-docs", o => o
                .WithTitle("Petitions API")
                .WithOpenApiRoutePattern(ApiDescription.DocumentPath)
                // Offline: the page's script is served by the app; no web fonts, telemetry or hosted extras.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(ApiDescription.BearerScheme))
            .AllowAnonymous();

        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapDemoEndpoints();
        app.MapPublicEndpoints();
        app.MapDisclosureEndpoints();

        var api = app.MapGroup("")
            .RequireAuthorization(UiSetup.ApiPolicy)
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        api.MapPetitionEndpoints();
        api.MapDocumentEndpoints();
        api.MapRepeatEndpoints();
        api.MapUnitEndpoints();
        api.MapRoundEndpoints();
        api.MapReadSideEndpoints();
        api.MapSupervisionEndpoints();
        api.MapUserEndpoints();
        api.MapKeyEndpoints();
        api.MapRectificationEndpoints();
        api.MapAuditEndpoints();
        api.MapHandoverEndpoints();
        api.MapHistoryImportEndpoints();
        api.MapEvidenceEndpoints();
        api.MapBatchEndpoints();
        api.MapSavedFilterEndpoints();
        api.MapNotificationEndpoints();
        api.MapReviewEndpoints();
        return app;
    }
}
