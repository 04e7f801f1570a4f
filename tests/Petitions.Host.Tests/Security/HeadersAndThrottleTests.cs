using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Security;

/// <summary>Security headers on pages and the API; HSTS and Secure cookies over HTTPS only.</summary>
public sealed partial class SecurityHeaderTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/api/demo/status")]
    [InlineData("/api/petitions")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await host.CreateClient().GetAsync(path);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task The_page_import_map_carries_the_nonce_of_its_policy_and_scripts_allow_nothing_inline()
    {
        var response = await host.CreateClient().GetAsync("/signin");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc);
        var nonce = NonceSource().Match(scriptSrc).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"nonce=\"{nonce}\"", html);
        // A fresh nonce per answer.
        var again = (await host.CreateClient().GetAsync("/signin")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(csp, again);
    }

    [Fact]
    public async Task Over_https_answers_carry_hsts_and_every_cookie_is_secure()
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        var response = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var plain = await host.CreateClient().GetAsync("/signin");
        Assert.All(plain.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();
}

/// <summary>Sign-in is throttled per client address across accounts, for the API and the UI's form alike.</summary>
public sealed class SignInThrottleTests(SignInThrottleTests.ThrottledHost host) : IClassFixture<SignInThrottleTests.ThrottledHost>
{
    public sealed class ThrottledHost() : PetitionsHost(Profile.Sqlite, extra: new Dictionary<string, string?>
    {
        ["Security:SignInThrottle:PermitLimit"] = "4",
        ["Security:SignInThrottle:WindowSeconds"] = "120",
    });

    [Fact]
    public async Task One_client_trying_many_accounts_gets_429_with_retry_after_on_the_api_and_the_ui()
    {
        var client = host.CreateClient();
        foreach (var username in new[] { "intake", "supervisor", "handler.654000" })
        {
            var failed = await client.PostAsJsonAsync("/api/auth/token", new { username, password = "wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        // The fourth attempt is within the window (and right): it passes; the fifth, for yet another account, does not.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { username = "intake", password = PetitionsHost.DemoPassword })).StatusCode);
        var refused = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PetitionsHost.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 120);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SignInThrottled", (await refused.Json())["rule"]!.GetValue<string>());

        // The UI's cookie sign-in shares the window of the address.
        var form = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "supervisor",
            ["password"] = PetitionsHost.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.True(form.Headers.Contains("Retry-After"));

        // Other requests are not throttled.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/demo/status")).StatusCode);
    }
}
