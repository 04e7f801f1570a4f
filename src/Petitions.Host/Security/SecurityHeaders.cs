using System.Security.Cryptography;

namespace Petitions.Host.Security;

/// <summary>
/// The response headers every answer carries: a content security policy the Blazor/MudBlazor UI works under (scripts
/// only from this site, plus the page's own import map by a per-request nonce), no MIME sniffing, no referrer beyond
/// this site, no powerful browser features, and on HTTPS: HSTS and Secure cookies.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "petitions.csp-nonce";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        // Every cookie (sign-in, antiforgery, language) is Secure when the request came over HTTPS.
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        app.UseCookiePolicy();
        return app.Use(async (context, next) =>
        {
            // base64url: no '+' or '/', which the page's HTML encoder would write as character references.
            var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // Set when the answer starts, so that it replaces the framework's frame-ancestors-only policy.
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                if (context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            await next(context);
        });
    }

    /// <summary>The nonce of this request's content security policy (for the page's inline import map).</summary>
    public static string? CspNonce(this HttpContext context) => context.Items[NonceKey] as string;

    /// <summary>
    /// Styles allow 'unsafe-inline': MudBlazor positions popovers and sizes components with style attributes. Scripts
    /// do not: every script is a file of this site, and the import map carries the nonce. 'self' covers the circuit's
    /// WebSocket to the same host.
    /// </summary>
    public static string Policy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
}
