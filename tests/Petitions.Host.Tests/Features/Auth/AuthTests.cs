using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Petitions.Application.Common.Security;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Auth;

public sealed class AuthTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private async Task<string> NewUser(string role = "Intake", string password = "correct-horse-1")
    {
        var admin = await host.ClientFor("admin");
        var username = $"u{Guid.NewGuid():N}"[..12];
        await admin.PostJson("/api/users", new { username, displayName = "测试用户", password, roles = new[] { role }, allUnits = true }, 201);
        return username;
    }

    private async Task<HttpStatusCode> SignIn(string username, string password) =>
        (await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password })).StatusCode;

    [Fact]
    public async Task Five_wrong_passwords_within_fifteen_minutes_lock_the_account_and_the_security_log_shows_it()
    {
        var username = await NewUser();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignIn(username, "wrong-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignIn(username, "correct-horse-1"));

        var admin = await host.ClientFor("admin");
        var log = (await admin.GetJson($"/api/admin/security-log?username={username}")).AsArray().Select(e => e!["event"]!.GetValue<string>()).Reverse().ToList();
        Assert.Equal(["UserCreated", "SignInFailed", "SignInFailed", "SignInFailed", "SignInFailed", "LockedOut", "SignInWhileLocked"], log);

        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, await SignIn(username, "correct-horse-1"));
    }

    [Fact]
    public async Task Failures_spread_over_more_than_fifteen_minutes_do_not_lock()
    {
        var username = await NewUser();
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignIn(username, "wrong-password"));
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignIn(username, "wrong-password"));
        Assert.Equal(HttpStatusCode.OK, await SignIn(username, "correct-horse-1"));
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer()
    {
        var unknown = await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = "nobody-at-all", password = "whatever-123" });
        var wrong = await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = "intake", password = "whatever-123" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await unknown.Json())["detail"]!.GetValue<string>(), (await wrong.Json())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = "" })).StatusCode);
    }

    [Fact]
    public async Task A_tampered_an_expired_and_a_foreign_token_are_401()
    {
        var intake = await host.ClientFor("intake");
        var token = intake.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Equal(HttpStatusCode.Created, (await intake.PostAsJsonAsync("/api/petitions", Complaints.Valid(host.Clock.GetUtcNow()))).StatusCode);

        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1].Replace(parts[1][5], parts[1][5] == 'A' ? 'B' : 'A')}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(tampered));

        var key = new SymmetricSecurityKey(await host.Services.GetRequiredService<SecretStore>().GetOrCreateAsync("token-signing-key", 64));
        var stamp = (await host.Scalar<long>("SELECT password_changed_at FROM users WHERE username = 'intake'")).ToString();
        // The crafted token is accepted when everything is right, so the refusals below are for the stated reason.
        Assert.Equal(HttpStatusCode.OK, await Call(Token(key, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1), "intake", stamp)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(key, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddMinutes(-5), "intake", stamp)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(Token(new SymmetricSecurityKey(new byte[64]), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1), "intake", stamp)));
        Assert.Equal(HttpStatusCode.Unauthorized, await Call("not-a-jwt"));
    }

    [Fact]
    public async Task A_password_reset_or_a_deactivation_ends_the_tokens_issued_before()
    {
        var username = await NewUser();
        var client = await host.ClientFor(username, "correct-horse-1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/units")).StatusCode);

        var admin = await host.ClientFor("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/users/{username}/password", new { password = "another-horse-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/units")).StatusCode);

        var fresh = await host.ClientFor(username, "another-horse-2");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/units")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{username}", new { displayName = "测试用户", roles = new[] { "Intake" }, allUnits = true, active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.GetAsync("/api/units")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignIn(username, "another-horse-2"));
    }

    [Fact]
    public async Task Account_rules_are_enforced_and_only_admins_manage_accounts()
    {
        var admin = await host.ClientFor("admin");
        var problem = await admin.PostJson("/api/users", new { username = "short", displayName = "x", password = "123456789", roles = new[] { "Handler" } }, 400);
        Assert.Equal(["password", "units"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        await admin.PostJson("/api/users", new { username = "intake", displayName = "x", password = "long-enough-1", roles = new[] { "Intake" }, allUnits = true }, 409);
        await admin.PostJson("/api/users", new { username = "bad", displayName = "x", password = "long-enough-1", roles = new[] { "Boss" }, allUnits = true }, 400);
        var users = (await admin.GetJson("/api/users")).AsArray();
        Assert.Contains(users, u => u!["username"]!.GetValue<string>() == "handler.654000" && u["units"]![0]!.GetValue<string>() == "654000");
        Assert.DoesNotContain("password", (await admin.GetJson("/api/users/intake")).ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var supervisor = await host.ClientFor("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/admin/security-log")).StatusCode);
    }

    private async Task<HttpStatusCode> Call(string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/units")).StatusCode;
    }

    private static string Token(SecurityKey key, DateTime notBefore, DateTime expires, string username, string stamp) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "petitions",
        Audience = "petitions-api",
        NotBefore = notBefore,
        IssuedAt = notBefore,
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", username), new Claim("stamp", stamp)]),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });
}
