using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LookupTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_complainant_looks_the_case_up_with_the_code_from_the_printed_receipt_and_rates_it()
    {
        // Intake registers and prints the receipt: the code is read from the receipt page, as the complainant gets it.
        var page = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(page, "654000", "伊犁自助查询测试化工有限公司", "夜间排放刺鼻气味，影响周边居民休息。");
        await page.GetByTestId("intake-submit").ClickAsync();
        var caseNo = (await page.GetByTestId("saved-case-no").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("saved-query-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[2-9A-HJKMNP-Z]{10}$"));
        await page.GetByTestId("saved-receipt").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/cases/{caseNo}/receipt"));
        Assert.DoesNotContain("code", page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.GetByTestId("receipt-case-no")).ToHaveTextAsync(caseNo);
        await Assertions.Expect(page.Locator("[data-testid=qr-code] svg")).ToBeVisibleAsync();
        var code = (await page.GetByTestId("receipt-query-code").InnerTextAsync()).Trim();
        await BrowserFixture.ScreenshotAsync(page, "receipt");
        await page.Context.CloseAsync();

        // The unit handles the case to a result.
        var intake = await browser.Host.ApiAs("intake");
        var handler = await browser.Host.ApiAs("handler.654000");
        await Post(intake, $"/api/petitions/{caseNo}/assign", new { leadUnit = "654000" });
        await Post(handler, $"/api/petitions/{caseNo}/accept", new { });
        await Post(handler, $"/api/petitions/{caseNo}/site-visits", new { visitedAt = DateTimeOffset.UtcNow.ToString("O"), inspectors = new[] { "赵六" }, findings = "现场核查属实。" });
        await Post(handler, $"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实。", measures = "已整改。", publicSummary = "经核查属实，企业已停产整改。" });

        // The complainant, signed out, looks the case up and rates it.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Host.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        context.SetDefaultTimeout(15_000);
        var lookup = await context.NewPageAsync();
        await lookup.GotoAsync($"/lookup?caseNo={caseNo}");
        await Assertions.Expect(lookup.Locator("#lookup-case-no")).ToHaveValueAsync(caseNo);
        await lookup.FillAsync("#lookup-code", code.ToLowerInvariant());
        await lookup.ClickAsync("#lookup-submit");

        await Assertions.Expect(lookup.GetByTestId("lookup-stage")).ToHaveTextAsync("已答复，待回访");
        await Assertions.Expect(lookup.GetByTestId("lookup-summary")).ToHaveTextAsync("经核查属实，企业已停产整改。");
        await Assertions.Expect(lookup.GetByTestId("lookup-result")).Not.ToContainTextAsync("王五");
        await Assertions.Expect(lookup.GetByTestId("lookup-result")).Not.ToContainTextAsync("13812345678");
        await BrowserFixture.ScreenshotAsync(lookup, "lookup-result");

        await lookup.GetByTestId("rate-BasicallySatisfied").CheckAsync();
        await lookup.FillAsync("#rating-comment", "基本解决，希望持续监管。");
        await lookup.ClickAsync("#rating-submit");

        await Assertions.Expect(lookup.GetByTestId("lookup-rated")).ToBeVisibleAsync();
        await Assertions.Expect(lookup.GetByTestId("lookup-rating")).ToHaveTextAsync("基本满意");
        await Assertions.Expect(lookup.GetByTestId("rating-form")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(lookup, "lookup-rated");
        await context.CloseAsync();

        var petition = await (await browser.Host.ApiAs("supervisor")).GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/petitions/{caseNo}");
        Assert.Equal("BasicallySatisfied", petition!["satisfaction"]!.GetValue<string>());
    }

    [Fact]
    public async Task Intake_issues_a_new_code_from_the_case_file_and_prints_it_on_a_new_receipt()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊犁补发查询码测试化工有限公司");

        var page = await browser.SignInAsync("intake", $"/cases/{caseNo}/receipt");
        await Assertions.Expect(page.GetByTestId("receipt-no-code")).ToBeVisibleAsync();
        await page.GotoAsync($"/cases/{caseNo}");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("issue-query-code").ClickAsync();

        await Assertions.Expect(page.GetByTestId("receipt-query-code")).ToBeVisibleAsync();
        Assert.EndsWith($"/cases/{caseNo}/receipt", page.Url);
        var code = (await page.GetByTestId("receipt-query-code").InnerTextAsync()).Trim();
        Assert.Matches("^[2-9A-HJKMNP-Z]{10}$", code);
        var lookup = await new HttpClient { BaseAddress = new Uri(browser.Host.BaseUrl) }.PostAsJsonAsync("/api/public/lookup", new { caseNo, queryCode = code });
        Assert.True(lookup.IsSuccessStatusCode, await lookup.Content.ReadAsStringAsync());
        await page.Context.CloseAsync();
    }

    private static async Task Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
