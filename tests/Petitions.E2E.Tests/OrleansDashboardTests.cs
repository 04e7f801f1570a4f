using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

/// <summary>The Orleans Dashboard opens for an admin and draws the cluster under the site's content security policy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrleansDashboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_sees_the_cluster_on_the_orleans_dashboard_without_a_policy_violation()
    {
        var page = await browser.SignInAsync("admin");
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) console.Add(message.Text);
        };
        await page.Context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync("/admin/orleans/");
        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self' 'nonce-", (await response.AllHeadersAsync())["content-security-policy"]);
        // The script drew the menu and the overview of the one silo this host is.
        await Assertions.Expect(page.Locator("#menu")).ToContainTextAsync("Silos", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#content")).Not.ToContainTextAsync("Loading...", new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "orleans-dashboard");

        var violations = await page.EvaluateAsync<string[]>("window.__csp || []");
        Assert.True(violations.Length == 0, string.Join("; ", violations));
        Assert.True(console.Count == 0, string.Join("\n", console));
        await page.Context.CloseAsync();
    }
}
