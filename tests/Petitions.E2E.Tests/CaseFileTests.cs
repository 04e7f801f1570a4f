using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CaseFileTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_handler_cannot_open_another_units_case_by_url()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "650100", "乌鲁木齐某某建材有限公司", leadUnit: "650100");

        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}");
        await Assertions.Expect(page.GetByTestId("case-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("乌鲁木齐某某建材有限公司")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "case-not-found-other-unit");
        await page.Context.CloseAsync();

        var own = await browser.SignInAsync("handler.650100", $"/cases/{caseNo}");
        await Assertions.Expect(own.GetByTestId("case-target")).ToHaveTextAsync("乌鲁木齐某某建材有限公司");
        await own.Context.CloseAsync();
    }
}
