using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Petitions.Host.Operations;

/// <summary>
/// How the host listens and writes text: the standard ASP.NET Core address settings decide (ASPNETCORE_URLS,
/// ASPNETCORE_HTTP_PORTS / HTTPS_PORTS, --urls, Kestrel:Endpoints) and only when none is given does the README's
/// default apply; pages carry Chinese as UTF-8 text, not as HTML character references; behind a reverse proxy on this
/// machine (ops/deploy/nginx) the client's address and scheme come from X-Forwarded-For / X-Forwarded-Proto.
/// </summary>
public static class HostingDefaults
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddHostingDefaults(this WebApplicationBuilder builder)
    {
        if (DefaultUrlFor(builder.Configuration) is { } url) builder.WebHost.UseUrls(url);

        // HTML-sensitive characters (< > & " ') are still encoded; letters of every script are written as they are.
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        builder.Services.Replace(ServiceDescriptor.Singleton(encoder));
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // Only a proxy on loopback (the framework's default) or one named in Hosting:TrustedProxies is believed: the
        // sign-in and lookup throttles, /metrics and HSTS then see the real client and scheme.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (builder.Configuration["Hosting:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"Hosting:TrustedProxies: '{proxy}' is not an IP address."));
            }
        });
        return builder;
    }

    /// <summary>The README's default address, or null when the configuration names one the standard way.</summary>
    public static string? DefaultUrlFor(IConfiguration configuration) =>
        new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any()
            ? null
            : DefaultUrl;
}
