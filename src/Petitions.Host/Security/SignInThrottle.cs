using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Petitions.Host.Security;

/// <summary>
/// Sign-in attempts are limited per client address across all accounts (the per-account lockout cannot stop one
/// client trying one password against every account): POST /api/auth/token and the UI's POST /account/signin share
/// one window per address; beyond it the answer is 429 with Retry-After. Settings: Security:SignInThrottle.
/// </summary>
public static class SignInThrottle
{
    public sealed class Options
    {
        /// <summary>Attempts per address and window (an office behind one NAT shares it: keep room for a morning rush).</summary>
        public int PermitLimit { get; set; } = 30;

        public int WindowSeconds { get; set; } = 60;
    }

    private static readonly string[] SignInPaths = ["/api/auth/token", "/account/signin"];

    public static WebApplicationBuilder AddSignInThrottle(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Security:SignInThrottle").Get<Options>() ?? new Options();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignIn(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.PermitLimit),
                        Window = TimeSpan.FromSeconds(Math.Max(1, options.WindowSeconds)),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WindowSeconds);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                // One rejection handler serves every limiter of the host (the anonymous endpoints' too): say which one refused.
                var signIn = IsSignIn(http.Request);
                var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = signIn ? "Too many sign-in attempts" : "Too many requests",
                    Detail = signIn
                        ? $"Too many sign-in attempts from this address; try again in {seconds} s. 登录尝试过于频繁，请 {seconds} 秒后再试。"
                        : $"Too many requests from this address; try again in {seconds} s. 请求过于频繁，请 {seconds} 秒后再试。",
                };
                problem.Extensions["rule"] = signIn ? "SignInThrottled" : "RateLimited";
                if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
                {
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(problem.Detail, cancellationToken);
                }
            };
        });
        return builder;
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && SignInPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
}
