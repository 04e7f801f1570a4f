using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LedgerTests(BrowserFixture browser)
{
    /// <summary>
    /// The report imported (through the API, as an administrator would): the dashboard states the report's headline;
    /// 伊犁州's handler reports task 十九 completed; a supervisor verifies it with evidence and closes it (验收销号).
    /// </summary>
    [Fact]
    public async Task The_ledger_shows_14_and_19_and_a_task_goes_from_progress_report_to_verified_closing()
    {
        var admin = await browser.Host.ApiAs("admin");
        var round = "L" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await Post(admin, "/api/rounds", new { code = round, name = "第二轮中央生态环境保护督察（台账测试）", startsOn = "2022-04-01" });
        await Post(admin, "/api/rectification/imports", new { text = Petitions.Demo.DemoLedger.ReportText(), roundCode = round });
        var task = $"{round}-650000-19";
        var assigned = await admin.PutAsJsonAsync($"/api/rectification/tasks/{task}/responsibility", new { leadUnit = "654000", leader = "分管副州长" });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());

        var supervisor = await browser.SignInAsync("supervisor", "/dashboard");
        var headline = supervisor.GetByTestId("ledger-headline").Filter(new LocatorFilterOptions { HasText = "2023-06-30" });
        await Assertions.Expect(headline).ToContainTextAsync("自治区 已完成 14 项 / 兵团 已完成 19 项");
        await Assertions.Expect(headline).ToContainTextAsync("（截至 2023-06-30）");
        await BrowserFixture.ScreenshotAsync(supervisor, "ledger-dashboard");

        await supervisor.GotoAsync($"/rectification/plans/{round}-BT");
        await BrowserFixture.WaitForCircuitAsync(supervisor);
        await Assertions.Expect(supervisor.GetByTestId("ledger-summary-completed")).ToHaveTextAsync("兵团 已完成 19 项");
        await Assertions.Expect(supervisor.GetByTestId("ledger-task")).ToHaveCountAsync(30);

        var unit = await browser.SignInAsync("handler.654000", $"/rectification/tasks/{task}");
        await Assertions.Expect(unit.GetByTestId("task-title")).ToContainTextAsync("十九");
        await unit.GetByTestId("task-action-ReportProgress").ClickAsync();
        await Pick(unit, "progress-status", "已完成");
        await Type(unit, "progress-text", "苏洛铁矿越界开采已停止，占用草原已完成生态修复。", "textarea");
        await Type(unit, "form-evidence", "伊州环发〔2024〕12号", "input");
        await unit.GetByTestId("task-submit").ClickAsync();
        await Assertions.Expect(unit.GetByTestId("task-awaiting")).ToBeVisibleAsync();
        await Assertions.Expect(unit.GetByTestId("task-reports")).ToContainTextAsync("苏洛铁矿越界开采已停止");
        await Assertions.Expect(unit.GetByTestId("task-action-ReportProgress")).ToHaveCountAsync(0);
        await unit.Context.CloseAsync();

        await supervisor.GotoAsync($"/rectification/tasks/{task}");
        await BrowserFixture.WaitForCircuitAsync(supervisor);
        await supervisor.GetByTestId("task-action-Verify").ClickAsync();
        await Type(supervisor, "form-evidence", "伊犁州整改验收报告（现场核查）", "input");
        await supervisor.GetByTestId("task-submit").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("task-verification")).ToContainTextAsync("伊犁州整改验收报告（现场核查）");
        await Assertions.Expect(supervisor.GetByTestId("task-category")).ToHaveTextAsync("已完成");
        await Assertions.Expect(supervisor.GetByTestId("task-action-Reopen")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(supervisor, "ledger-task-closed");
        await supervisor.Context.CloseAsync();
    }

    private static async Task Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task Type(IPage page, string testId, string text, string element)
    {
        var input = IntakeForm.Input(page, testId, element);
        await input.FillAsync(text);
        await input.BlurAsync();
        await Assertions.Expect(input).ToHaveValueAsync(text);
    }

    private static async Task Pick(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='{testId}']").First).ToContainTextAsync(option);
    }
}
