using Microsoft.AspNetCore.Authorization;
using Orleans.Dashboard;
using Petitions.Application.Common.Security;
using Petitions.Host.Components;

namespace Petitions.Host.Operations;

/// <summary>
/// The Orleans Dashboard (silos, grain activations, call rates and latencies, reminders) at <see cref="Path"/>, for
/// admins signed in to the UI (the cookie; a bearer token does not open it). Two of its features are off, because
/// admins may not see complainant identities: the live log stream (HideTrace), and the grain-state inspector
/// (GET …/GrainState calls every parameterless getter of a grain, which for a case returns the complainant in clear):
/// that route answers 403 for every grain.
/// </summary>
public static class OrleansDashboardSetup
{
    public const string Path = "/admin/orleans";

    public const string Policy = "OrleansDashboard";

    /// <summary>The dashboard's routes (under <see cref="Path"/>) that are refused whoever asks.</summary>
    public static readonly string[] DeniedRoutes = ["/GrainState", "/Trace"];

    public static ISiloBuilder AddPetitionsDashboard(this ISiloBuilder silo)
    {
        silo.AddDashboard(o => o.HideTrace = true);
        silo.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(UiSetup.CookieScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(async context =>
            {
                if (context.Resource is not HttpContext http) return false;
                var user = await http.RequestServices.GetRequiredService<ICurrentUserAccessor>().GetAsync(http.RequestAborted);
                return user?.IsInRole(Roles.Admin) == true;
            }));
        return silo;
    }

    public static WebApplication MapPetitionsDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard(Path)
            .RequireAuthorization(Policy)
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                var path = context.HttpContext.Request.Path.Value ?? "";
                return DeniedRoutes.Any(r => path.EndsWith(r, StringComparison.OrdinalIgnoreCase))
                    ? TypedResults.Problem("The dashboard's grain-state inspector and live log are off: they could show complainant identities.",
                        statusCode: StatusCodes.Status403Forbidden, title: "Not available")
                    : await next(context);
            });
        return app;
    }
}
