using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using MudBlazor.Services;
using Petitions.Host.Components.Account;
using Petitions.Host.Components.Reading;

using Petitions.Host.Components.Cases;

namespace Petitions.Host.Components;

/// <summary>
/// Everything the web UI adds to the host, in one place: Blazor (server interactivity), MudBlazor, localization
/// (zh-CN by default, en), cookie sign-in for the UI, and the authentication split: /api is bearer-only, the UI
/// cookie-only.
/// </summary>
public static class UiSetup
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Picks the scheme by path: bearer tokens for /api, the cookie for everything else.</summary>
    public const string PathScheme = "PathSelected";

    /// <summary>The policy of the /api group: only a bearer token authorizes an API call, never a browser cookie.</summary>
    public const string ApiPolicy = "Api";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddPetitionsUi(this WebApplicationBuilder builder)
    {
        // A built (not published) app run outside Development still serves _content/* and the framework script.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.AddLocalization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<UiMediator>();
        services.AddScoped<UiSession>();
        services.AddScoped<Public.ReceiptCodes>();

        services.AddAuthentication()
            .AddCookie(CookieScheme, CookieSignIn.Configure)
            .AddPolicyScheme(PathScheme, PathScheme, o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : CookieScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = PathScheme;
            o.DefaultAuthenticateScheme = PathScheme;
            o.DefaultChallengeScheme = PathScheme;
            o.DefaultForbidScheme = PathScheme;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o => o.Cookie.Name = "petitions.af");

        // API messages stay English whatever the culture; the UI translates validation failures by their error code.
        ValidatorOptions.Global.LanguageManager.Culture = CultureInfo.InvariantCulture;
        return builder;
    }

    public static WebApplication MapPetitionsUi(this WebApplication app)
    {
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), ui => ui.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie.Name }];
        }));
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapExportEndpoints();
        Petitions.Host.Endpoints.DocumentEndpoints.MapDocumentDownloads(app);
        app.MapEvidenceDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
