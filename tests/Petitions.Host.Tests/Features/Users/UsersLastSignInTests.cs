using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Users;

/// <summary>GET /api/users: each account's last successful sign-in, recorded at sign-in (not at a failed one).</summary>
public abstract class UsersLastSignInTests(PetitionsHost host)
{
    [Fact]
    public async Task A_successful_sign_in_is_recorded_and_a_failed_one_is_not()
    {
        var admin = await host.ClientFor("admin");
        var username = $"ls{Guid.NewGuid():N}"[..12];
        await admin.PostJson("/api/users", new { username, displayName = "登录时间测试", password = "correct-horse-1", roles = new[] { "Intake" }, allUnits = true }, 201);
        Assert.Null((await admin.GetJson($"/api/users/{username}"))["lastSignInAt"]?.GetValue<DateTimeOffset?>());

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var signedInAt = host.Clock.GetUtcNow();
        var ok = await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password = "correct-horse-1" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var failed = await host.CreateClient().PostAsJsonAsync("/api/auth/token", new { username, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);

        var listed = (await admin.GetJson("/api/users")).AsArray().Single(u => u!["username"]!.GetValue<string>() == username)!;
        Assert.Equal(signedInAt.ToUnixTimeMilliseconds(), listed["lastSignInAt"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
    }
}

public sealed class UsersLastSignInOnSqlite(SqliteHost host) : UsersLastSignInTests(host), IClassFixture<SqliteHost>;

public sealed class UsersLastSignInOnPostgres(PostgresHost host) : UsersLastSignInTests(host), IClassFixture<PostgresHost>;
