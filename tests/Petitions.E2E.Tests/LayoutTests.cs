using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("intake", "/intake")]
    [InlineData("supervisor", "/cases")]
    [InlineData("admin", "/admin/users")]
    public async Task Pages_fit_a_tablet_screen_without_sideways_scrolling(string username, string path)
    {
        var page = await browser.SignInAsync(username, path, width: 820, height: 1180);
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await BrowserFixture.ScreenshotAsync(page, $"tablet-{path.Trim('/').Replace('/', '-')}");
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a tablet screen");
        await page.Context.CloseAsync();
    }
}
