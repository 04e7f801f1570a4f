using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LookBackTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_supervisor_samples_closed_cases_and_a_failed_finding_reopens_the_case()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "653200", "和田回头看测试砂石有限公司", leadUnit: "653200");
        await browser.Host.CloseAsync(caseNo, "653200");

        var page = await browser.SignInAsync("supervisor", "/lookbacks");
        await page.GetByTestId("lookback-new").ClickAsync();
        await IntakeForm.PickUnitAsync(page, "lookback-unit", "653200");
        await IntakeForm.Input(page, "lookback-percentage").FillAsync("100");
        await page.Locator(".mud-dialog button[type=submit]").ClickAsync();

        var row = page.Locator("tr").Filter(new LocatorFilterOptions { HasText = caseNo });
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "未整改到位" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("回头看：未整改到位");
        await BrowserFixture.ScreenshotAsync(page, "lookback");

        await page.GotoAsync($"/cases/{caseNo}");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "InProgress");
        await Assertions.Expect(page.GetByTestId("problem-entry")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
