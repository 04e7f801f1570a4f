using System.Security.Claims;
using Petitions.Application.Common.Security;

namespace Petitions.Host.Security;

/// <summary>The caller of an HTTP request: the account validated with its token (or cookie), loaded once per request.</summary>
public sealed class HttpCurrentUserAccessor(IHttpContextAccessor http, UserAccounts accounts) : ICurrentUserAccessor, IRequestOrigin
{
    private const string ItemKey = "petitions.current-user";

    public static void Remember(HttpContext context, CurrentUser user) => context.Items[ItemKey] = user;

    public async Task<CurrentUser?> GetAsync(CancellationToken cancellationToken = default)
    {
        var context = http.HttpContext;
        if (context is null) return null;
        if (context.Items.TryGetValue(ItemKey, out var cached)) return cached as CurrentUser;

        var username = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue("sub") ?? context.User.Identity.Name : null;
        var account = username is null ? null : await accounts.FindAsync(username, cancellationToken);
        var user = account is { Active: true } ? account.ToCurrentUser() : null;
        context.Items[ItemKey] = user;
        return user;
    }

    public string? RemoteAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
