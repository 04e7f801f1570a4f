using System.Net;
using System.Net.Http.Json;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Api;

/// <summary>
/// The anonymous /api endpoints (sign-in, demo status) answer 429 with problem details and Retry-After once a client
/// exceeds its burst; endpoints that need a token are not limited. Its own host: the test empties the bucket.
/// </summary>
public sealed class RateLimitTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task A_burst_of_anonymous_requests_beyond_the_limit_gets_429_with_retry_after()
    {
        var admin = await host.ClientFor("admin");
        var client = host.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => client.GetAsync("/api/demo/status")));

        var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(200, ok + limited.Count);
        // A full bucket holds 40; the admin's sign-in above took one.
        Assert.InRange(ok, 39, 199);
        Assert.NotEmpty(limited);
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited[0].Json())["status"]!.GetValue<int>());
        Assert.True(limited[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), limited[0].Headers.RetryAfter?.ToString());

        // Sign-in is limited too (a burst larger than two seconds' refill); an API call with a token is not.
        var signIns = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => client.PostAsync("/api/auth/token", JsonContent.Create(new { }))));
        Assert.Contains(signIns, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/rounds")).StatusCode);
    }
}
