using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ReviewLookupTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_complainant_asks_for_a_review_on_the_lookup_page_and_sees_the_reviewing_units_answer_there()
    {
        // Registered, handled to a result, and the written opinion delivered (the 30-day window starts).
        var intake = await browser.Host.ApiAs("intake");
        var handler = await browser.Host.ApiAs("handler.654000");
        var created = await Post(intake, "/api/petitions", new
        {
            channel = "Hotline", receivedAt = DateTimeOffset.UtcNow.AddDays(-3).ToString("O"), regionCode = "654000",
            complainant = new { name = "王五", phone = "13812345678", anonymous = false },
            target = "伊犁复查测试化工有限公司", categories = new[] { "Air" }, description = "夜间排放刺鼻气味。",
        });
        var caseNo = created["caseNo"]!.GetValue<string>();
        var code = created["queryCode"]!.GetValue<string>();
        await Post(intake, $"/api/petitions/{caseNo}/assign", new { leadUnit = "654000" });
        await Post(handler, $"/api/petitions/{caseNo}/accept", new { });
        await Post(handler, $"/api/petitions/{caseNo}/site-visits", new { visitedAt = DateTimeOffset.UtcNow.ToString("O"), inspectors = new[] { "赵六" }, findings = "现场核查。" });
        await Post(handler, $"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实。", measures = "已整改。", publicSummary = "经核查属实，企业已整改。" });
        await Post(intake, $"/api/petitions/{caseNo}/deliveries", new { document = "handling-opinion", method = "Post", deliveredAt = DateTimeOffset.UtcNow.ToString("O") });

        // The complainant looks the case up with the code and asks for 复查 there.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Host.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        context.SetDefaultTimeout(15_000);
        var lookup = await context.NewPageAsync();
        await lookup.GotoAsync($"/lookup?caseNo={caseNo}");
        await lookup.FillAsync("#lookup-code", code);
        await lookup.ClickAsync("#lookup-submit");
        await Assertions.Expect(lookup.GetByTestId("lookup-review-right")).ToContainTextAsync("新疆维吾尔自治区");
        await Assertions.Expect(lookup.GetByTestId("lookup-opinion")).ToContainTextAsync("复查");
        await lookup.FillAsync("#review-reason", "企业仍在夜间排放，请求复查。");
        await lookup.ClickAsync("#review-submit");
        await Assertions.Expect(lookup.GetByTestId("lookup-reviewed")).ToBeVisibleAsync();
        await Assertions.Expect(lookup.GetByTestId("lookup-review-1")).ToContainTextAsync("新疆维吾尔自治区");
        await Assertions.Expect(lookup.GetByTestId("review-form")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(lookup, "lookup-review-asked");

        // The reviewing unit (the parent of the lead unit) answers from the case file.
        var reviewer = await browser.SignInAsync("handler.650000", $"/cases/{caseNo}");
        await BrowserFixture.WaitForCircuitAsync(reviewer);
        await Assertions.Expect(reviewer.GetByTestId("case-reviews")).ToBeVisibleAsync();
        await reviewer.GetByTestId("action-DecideReview").ClickAsync();
        var opinion = IntakeForm.Input(reviewer, "action-review-opinion", "textarea");
        await opinion.FillAsync("经复查，原处理意见认定事实清楚，予以维持。");
        await opinion.BlurAsync();
        await reviewer.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(reviewer.GetByTestId("review-1-outcome")).ToContainTextAsync("维持");
        await BrowserFixture.ScreenshotAsync(reviewer, "case-review-answered");
        await reviewer.Context.CloseAsync();

        // The complainant looks again and sees the answer.
        await lookup.GotoAsync($"/lookup?caseNo={caseNo}");
        await lookup.FillAsync("#lookup-code", code);
        await lookup.ClickAsync("#lookup-submit");
        await Assertions.Expect(lookup.GetByTestId("lookup-review-1-outcome")).ToContainTextAsync("维持");
        await Assertions.Expect(lookup.GetByTestId("lookup-review-1-opinion")).ToHaveTextAsync("经复查，原处理意见认定事实清楚，予以维持。");
        await Assertions.Expect(lookup.GetByTestId("lookup-result")).Not.ToContainTextAsync("13812345678");
        await BrowserFixture.ScreenshotAsync(lookup, "lookup-review-answered");
        await context.CloseAsync();
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return System.Text.Json.Nodes.JsonNode.Parse(text)!;
    }
}
