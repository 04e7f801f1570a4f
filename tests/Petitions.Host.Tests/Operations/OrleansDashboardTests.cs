using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// The Orleans Dashboard at /admin/orleans: only an admin signed in to the UI opens it (anonymous callers are sent to
/// sign in, other roles are denied, a bearer token does not open it); its grain-state inspector and live log are off,
/// so a case's grain state (with the complainant in clear) is not shown, even to an admin.
/// </summary>
public sealed partial class OrleansDashboardTests
{
    [Fact]
    public async Task Only_a_signed_in_admin_opens_the_dashboard_and_it_never_shows_a_cases_grain_state()
    {
        await using var host = new PetitionsHost(Profile.Sqlite);
        var name = "司马" + string.Concat(Enumerable.Range(0, 3).Select(_ => (char)Random.Shared.Next(0x4E00, 0x9FA5)));
        var complaint = Complaints.Valid(host.Clock.GetUtcNow())
            .With("complainant", new { name, phone = "13912345678", address = "伊宁市某小区", anonymous = false });
        var caseNo = (await (await host.ClientFor("intake")).PostJson("/api/petitions", complaint, 201))["caseNo"]!.GetValue<string>();

        var anonymous = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        AssertRefused(await anonymous.GetAsync("/admin/orleans/"), "/signin");
        AssertRefused(await anonymous.GetAsync("/admin/orleans/ClusterStats"), "/signin");

        // A bearer token (the API's sign-in) does not open it, even an admin's.
        var bearer = await host.ClientFor("admin");
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/admin/orleans/ClusterStats"))
        {
            var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            request.Headers.Authorization = bearer.DefaultRequestHeaders.Authorization;
            AssertRefused(await client.SendAsync(request), "/signin");
        }

        foreach (var role in new[] { "supervisor", "handler.654000", "intake" })
        {
            var other = await CookieClient(host, role, PetitionsHost.DemoPassword);
            AssertRefused(await other.GetAsync("/admin/orleans/"), "/denied");
            AssertRefused(await other.GetAsync("/admin/orleans/ClusterStats"), "/denied");
        }

        var admin = await CookieClient(host, "admin", PetitionsHost.AdminPassword);
        var page = await admin.GetAsync("/admin/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("index.min.js", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/orleans/index.min.js")).StatusCode);
        var grainTypes = await admin.GetAsync("/admin/orleans/GrainTypes");
        Assert.Equal(HttpStatusCode.OK, grainTypes.StatusCode);

        // The case's grain is active (it was just registered); its state is not shown, nor the live log.
        foreach (var type in new[] { "Petitions.Grains.Cases.PetitionCaseGrain", "Petitions.Contracts.Cases.IPetitionCaseGrain" })
        {
            var state = await admin.GetAsync($"/admin/orleans/GrainState?grainId={caseNo}&grainType={type}");
            Assert.DoesNotContain(name, await state.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
        }

        var trace = await admin.GetAsync("/admin/orleans/Trace");
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
    }

    private static void AssertRefused(HttpResponseMessage response, string redirectTo)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(redirectTo, response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString);
    }

    /// <summary>A client signed in through the UI's sign-in form (the cookie), as a browser would be.</summary>
    private static async Task<HttpClient> CookieClient(PetitionsHost host, string username, string password)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/signin");
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "the sign-in page has no antiforgery token");
        var signedIn = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["username"] = username,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("error", signedIn.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
