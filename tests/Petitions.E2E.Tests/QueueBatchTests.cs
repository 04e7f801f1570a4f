using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

/// <summary>
/// The handler's queue that finds things (search, filters, sort, next step), registered cases kept out of it, labelled
/// cards and folded filters on a phone, and batch actions with their per-case answers. Each defect test saves the page
/// as it is checked (<c>&lt;name&gt;-after.png</c>; the same test run on the code before the fix gave <c>-before</c>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QueueBatchTests(BrowserFixture browser)
{
    private static ILocator QueueRow(IPage page, string caseNo) =>
        page.Locator("[data-testid=queue-table] tbody tr").Filter(new LocatorFilterOptions { HasText = caseNo });

    private async Task Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> StatusOf(string caseNo)
    {
        var supervisor = await browser.Host.ApiAs("supervisor");
        return (await supervisor.GetFromJsonAsync<JsonObject>($"/api/petitions/{caseNo}"))!["status"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_handlers_queue_searches_filters_sorts_and_says_the_next_step()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var intake = await browser.Host.ApiAs("intake");
        var handlerApi = await browser.Host.ApiAs("handler.652700");
        var assigned = await browser.Host.RegisterAsync(intake, "652700", $"博州待办{tag}甲化工有限公司", leadUnit: "652700");
        var accepted = await browser.Host.RegisterAsync(intake, "652700", $"博州待办{tag}乙建材有限公司", leadUnit: "652700");
        await Post(handlerApi, $"/api/petitions/{accepted}/accept", new { });

        var page = await browser.SignInAsync("handler.652700", "/queue", width: 1366);
        await Assertions.Expect(QueueRow(page, assigned)).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "queue-find-after");

        // Search by a word of the target: both; by the one company's word: that one.
        await IntakeForm.Input(page, "queue-q").FillAsync($"{tag}乙");
        await page.GetByTestId("queue-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("queue-case")).ToHaveCountAsync(1);
        await Assertions.Expect(QueueRow(page, accepted)).ToBeVisibleAsync();
        Assert.Contains("q=", page.Url);

        // The filter is the URL: status=Assigned among the tagged cases leaves the other one, whose next step is to accept.
        await page.GotoAsync($"/queue?q={Uri.EscapeDataString(tag)}&status=Assigned");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("queue-case")).ToHaveCountAsync(1);
        await Assertions.Expect(QueueRow(page, assigned).GetByTestId("queue-next")).ToHaveTextAsync("受理");

        // Sort by case number, both ways.
        await page.GotoAsync($"/queue?q={Uri.EscapeDataString(tag)}");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("queue-case")).ToHaveCountAsync(2);
        await page.GetByTestId("sort-caseNo").ClickAsync();
        var ascending = new[] { assigned, accepted }.Order(StringComparer.Ordinal).ToArray();
        await Assertions.Expect(page.GetByTestId("queue-case")).ToHaveTextAsync(ascending);
        await page.GetByTestId("sort-caseNo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("queue-case")).ToHaveTextAsync(ascending.Reverse().ToArray());
        await Assertions.Expect(QueueRow(page, accepted).GetByTestId("queue-next")).ToHaveTextAsync("现场核查并报送办理结果");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Registered_cases_that_are_not_assigned_stay_out_of_the_handlers_queue_with_a_word_why()
    {
        var intake = await browser.Host.ApiAs("intake");
        var registered = await browser.Host.RegisterAsync(intake, "650500", "哈密未交办测试煤业有限公司");
        var assigned = await browser.Host.RegisterAsync(intake, "650500", "哈密已交办测试煤业有限公司", leadUnit: "650500");

        var page = await browser.SignInAsync("handler.650500", "/queue", width: 1366);
        await Assertions.Expect(QueueRow(page, assigned)).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "queue-unassigned-after");
        await Assertions.Expect(QueueRow(page, registered)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("queue-unassigned-note")).ToContainTextAsync("尚未交办");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_390_px_the_queue_cards_label_every_value()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "653000", "克州手机测试矿业有限公司", leadUnit: "653000");

        var page = await browser.SignInAsync("handler.653000", "/queue", width: 390, height: 844);
        var row = QueueRow(page, caseNo);
        await Assertions.Expect(row).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "queue-390-labels-after");
        // MudBlazor shows a cell's data-label before its value in the card layout.
        foreach (var label in new[] { "案件编号", "被举报对象", "状态", "下一步", "办理期限" })
        {
            await Assertions.Expect(row.Locator($"td[data-label='{label}']")).ToHaveCountAsync(1);
        }

        var content = await row.Locator("td[data-label='案件编号']").EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Contains("案件编号", content);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_390_px_the_case_list_filters_fold_away_until_asked_for()
    {
        var page = await browser.SignInAsync("supervisor", "/cases", width: 390, height: 844);
        await Assertions.Expect(page.GetByTestId("case-table")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "cases-390-filters-after");
        await Assertions.Expect(page.GetByTestId("filter-apply")).ToBeHiddenAsync();
        var table = await page.GetByTestId("case-table").BoundingBoxAsync();
        Assert.True(table!.Y < 844, $"the list starts on the first screen (at {table.Y}px)");

        await page.GetByTestId("filters-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("filter-apply")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filters-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_batch_assign_of_ten_cases_shows_the_one_refused_and_why()
    {
        var tag = "批量交办" + Guid.NewGuid().ToString("N")[..6];
        var intake = await browser.Host.ApiAs("intake");
        var cases = new List<string>();
        for (var i = 0; i < 9; i++) cases.Add(await browser.Host.RegisterAsync(intake, "650400", $"吐鲁番{tag}{i}号企业"));
        var alreadyAssigned = await browser.Host.RegisterAsync(intake, "650400", $"吐鲁番{tag}9号企业", leadUnit: "650400");

        var page = await browser.SignInAsync("intake", "/cases?q=" + Uri.EscapeDataString(tag), width: 1366);
        await Assertions.Expect(page.GetByTestId("case-total")).ToContainTextAsync("10");
        await page.GetByTestId("select-all").CheckAsync();
        await Assertions.Expect(page.GetByTestId("batch-count")).ToContainTextAsync("10");
        await BrowserFixture.ScreenshotAsync(page, "batch-assign-selected");

        await page.GetByTestId("batch-assign").ClickAsync();
        await IntakeForm.PickUnitAsync(page, "batch-assign-lead", "650400");
        await page.GetByTestId("batch-assign-submit").ClickAsync();

        var result = page.GetByTestId("batch-result");
        await Assertions.Expect(result).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("batch-result-summary")).ToContainTextAsync("已办理 9 件，未办理 1 件");
        var refused = page.GetByTestId("batch-refused");
        await Assertions.Expect(refused).ToHaveCountAsync(1);
        await Assertions.Expect(refused).ToHaveAttributeAsync("data-case", alreadyAssigned);
        await Assertions.Expect(refused).ToContainTextAsync("已交办");
        await BrowserFixture.ScreenshotAsync(page, "batch-assign-result");

        foreach (var caseNo in cases) Assert.Equal("Assigned", await StatusOf(caseNo));
        await page.Context.CloseAsync();
    }
}
