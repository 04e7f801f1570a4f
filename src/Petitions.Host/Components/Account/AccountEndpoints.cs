using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Common.Errors;
using Petitions.Application.Features.Auth;
using Petitions.Application.Features.Users;

namespace Petitions.Host.Components.Account;

/// <summary>
/// The UI's form posts (antiforgery-checked): sign in with a cookie, sign out, change language. The password check is
/// the API's own (SignIn.VerifyPassword: lockout and security log); no token is issued here.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Form posts of the UI (cookie, antiforgery), not part of the bearer API's description: each answers a redirect,
        // or 400 when the antiforgery token is missing or wrong.
        var account = app.MapGroup("/account").ExcludeFromDescription()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status302Found))
            .ProducesProblem(StatusCodes.Status400BadRequest);

        account.MapPost("/signin", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, IMediator mediator) =>
        {
            try
            {
                var verified = await mediator.Send(new SignIn.VerifyPassword(username, password), http.RequestAborted);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    CookieSignIn.Principal(verified.Username, verified.DisplayName, verified.PasswordChangedAt));
                if (verified.Language is { Length: > 0 } language) CultureCookie.Write(http.Response, language);
                return Results.LocalRedirect(LocalUrl(returnUrl));
            }
            catch (Exception ex) when (ex is ValidationException or UnauthenticatedException)
            {
                var error = ex is ValidationException ? "missing" : "invalid";
                return Results.LocalRedirect($"/signin?error={error}&username={Uri.EscapeDataString(username ?? "")}&returnUrl={Uri.EscapeDataString(LocalUrl(returnUrl))}");
            }
        }).AllowAnonymous();

        account.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        }).AllowAnonymous();

        account.MapPost("/language", async ([FromForm] string? culture, [FromForm] string? returnUrl, HttpContext http, IMediator mediator) =>
        {
            var chosen = SetLanguage.Supported.Contains(culture ?? "") ? culture! : "zh-CN";
            CultureCookie.Write(http.Response, chosen);
            if (http.User.Identity?.IsAuthenticated == true) await mediator.Send(new SetLanguage.Command(chosen), http.RequestAborted);
            return Results.LocalRedirect(LocalUrl(returnUrl));
        }).AllowAnonymous();

        return app;
    }

    /// <summary>Only paths of this site: an absolute or protocol-relative return URL becomes "/".</summary>
    public static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
