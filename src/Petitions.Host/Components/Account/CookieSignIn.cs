using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Petitions.Application.Common.Security;
using Petitions.Host.Security;

namespace Petitions.Host.Components.Account;

/// <summary>The UI's sign-in cookie: HttpOnly, SameSite=Lax, and re-checked against the account on every request.</summary>
public static class CookieSignIn
{
    public const string StampClaim = "stamp";

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "petitions.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(10);
        o.SlidingExpiration = true;
        o.LoginPath = "/signin";
        o.LogoutPath = "/account/signout";
        o.AccessDeniedPath = "/denied";
        o.ReturnUrlParameter = "returnUrl";
        o.Events = new CookieAuthenticationEvents
        {
            // A deactivated account or a reset password ends every open session at its next request.
            OnValidatePrincipal = async context =>
            {
                var username = CompositeCurrentUserAccessor.UsernameOf(context.Principal!);
                var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
                var account = username is null ? null : await accounts.FindAsync(username, context.HttpContext.RequestAborted);
                if (account is null || !account.Active || context.Principal!.FindFirstValue(StampClaim) != Stamp(account.PasswordChangedAt))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return;
                }

                CompositeCurrentUserAccessor.Remember(context.HttpContext, account.ToCurrentUser());
            },
        };
    }

    public static ClaimsPrincipal Principal(string username, string displayName, long passwordChangedAt) =>
        new(new ClaimsIdentity(
            [new Claim("sub", username), new Claim("name", displayName), new Claim(StampClaim, Stamp(passwordChangedAt))],
            CookieAuthenticationDefaults.AuthenticationScheme, "sub", "role"));

    private static string Stamp(long passwordChangedAt) => passwordChangedAt.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The culture cookie: the user's language, also kept on the account (users.language).</summary>
public static class CultureCookie
{
    public const string Name = "petitions.culture";

    public static void Write(HttpResponse response, string culture) =>
        response.Cookies.Append(Name, Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.MakeCookieValue(
            new Microsoft.AspNetCore.Localization.RequestCulture(culture)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            IsEssential = true,
        });
}
