using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("intake", "/intake", "受理员")]
    [InlineData("handler.654000", "/queue", "承办人")]
    [InlineData("supervisor", "/dashboard", "督办领导")]
    [InlineData("admin", "/admin/users", "系统管理员")]
    public async Task Each_demo_role_signs_in_and_lands_on_its_start_page_with_name_and_roles_in_the_header(string username, string start, string role)
    {
        var page = await browser.SignInAsync(username);
        await page.WaitForURLAsync(url => url.EndsWith(start));
        var header = page.GetByTestId("user-box");
        await Assertions.Expect(header).ToContainTextAsync(role);
        if (username == "handler.654000") await Assertions.Expect(header).ToContainTextAsync("伊犁哈萨克自治州");
        await BrowserFixture.ScreenshotAsync(page, $"start-{username}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_ui_works_under_its_content_security_policy_without_a_single_violation()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Host.BaseUrl, Locale = "zh-CN" });
        context.SetDefaultTimeout(15_000);
        var console = new List<string>();
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) console.Add(message.Text);
        };
        // The browser's own report of every blocked script, style, frame or connection.
        await context.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));");

        var response = await page.GotoAsync("/signin");
        Assert.Contains("script-src 'self' 'nonce-", (await response!.AllHeadersAsync())["content-security-policy"]);
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", UiHost.AdminPassword);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));
        await BrowserFixture.WaitForCircuitAsync(page);
        foreach (var path in new[] { "/admin/reveals", "/admin/units", "/admin/users" })
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            var violations = await page.EvaluateAsync<string[]>("window.__csp || []");
            Assert.True(violations.Length == 0, $"{path}: {string.Join("; ", violations)}");
        }

        Assert.True(console.Count == 0, string.Join("\n", console));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_and_no_session()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Host.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", "intake");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#signin-submit");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "signin-error");

        await page.GotoAsync("/intake");
        await page.WaitForURLAsync(url => url.Contains("/signin"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_the_cookie_never_authorizes_the_api()
    {
        var page = await browser.SignInAsync("intake");
        var api = await page.Context.APIRequest.GetAsync("/api/users");
        Assert.Equal(401, api.Status);

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/signin"));
        await page.GotoAsync("/intake");
        await page.WaitForURLAsync(url => url.Contains("/signin"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task English_can_be_chosen_and_is_kept_for_the_user()
    {
        var page = await browser.SignInAsync("handler.650100");
        await page.GetByTestId("switch-language").ClickAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("user-box")).ToContainTextAsync("Handler");
        await page.Context.CloseAsync();

        // A new browser: the language comes back from the account at sign-in.
        var again = await browser.SignInAsync("handler.650100");
        await Assertions.Expect(again.GetByTestId("user-box")).ToContainTextAsync("Handler");
        await again.GotoAsync("/cases");
        await BrowserFixture.WaitForCircuitAsync(again);
        await Assertions.Expect(again.GetByTestId("filter-apply")).ToContainTextAsync("Search");
        await BrowserFixture.ScreenshotAsync(again, "cases-english");
        await again.Context.CloseAsync();
    }
}
