using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class UrgentTests(BrowserFixture browser)
{
    [Fact]
    public async Task Intake_registers_an_urgent_case_and_the_supervisor_sees_the_banner_and_the_urgent_list()
    {
        var page = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(page, "654000", "伊犁紧急测试化工有限公司", "河道出现大面积死鱼，疑似企业偷排。");
        await page.GetByTestId("field-urgent").ClickAsync();
        await IntakeForm.TypeAsync(page, "field-urgent-reason", "下游河道大面积死鱼，村民聚集", "textarea");
        await BrowserFixture.ScreenshotAsync(page, "intake-urgent");
        await page.GetByTestId("intake-submit").ClickAsync();
        var caseNo = (await page.GetByTestId("saved-case-no").InnerTextAsync()).Trim();
        await page.Context.CloseAsync();

        var intake = await browser.Host.ApiAs("intake");
        var registered = await intake.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/petitions/{caseNo}");
        Assert.Equal("Emergency", registered!["urgent"]!["kind"]!.GetValue<string>());

        var supervisor = await browser.SignInAsync("supervisor", "/dashboard");
        var banner = supervisor.GetByTestId("urgent-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync();
        await Assertions.Expect(supervisor.GetByTestId("urgent-banner-text")).ToContainTextAsync("尚未向上报告");
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-urgent-banner");

        await supervisor.GetByTestId("urgent-banner-link").ClickAsync();
        await supervisor.WaitForURLAsync(url => url.Contains("urgent=true"));
        var row = supervisor.GetByTestId("case-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = caseNo });
        await Assertions.Expect(row.GetByTestId("badge-urgent")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "supervisor-urgent-list");
        await supervisor.Context.CloseAsync();
    }
}
