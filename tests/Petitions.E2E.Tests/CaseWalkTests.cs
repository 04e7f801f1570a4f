using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

/// <summary>A complaint from registration to closing, entirely in the browser: intake → handler → supervisor.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CaseWalkTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_case_walks_from_intake_to_closed_in_the_browser()
    {
        // Intake registers and assigns at once.
        var intake = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(intake, "654000", "伊犁全流程测试纸业有限公司", "污水直排伊犁河支流，河水发黑发臭。", phone: "13600002222");
        await intake.GetByTestId("intake-submit").ClickAsync();
        var caseNo = (await intake.GetByTestId("saved-case-no").InnerTextAsync()).Trim();
        await intake.GetByTestId("assign-submit").ClickAsync();
        await intake.WaitForURLAsync(url => url.EndsWith($"/cases/{caseNo}"));
        await Assertions.Expect(intake.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "Assigned");
        await intake.Context.CloseAsync();

        // The handler of the lead unit finds it in the queue, accepts, visits the site and submits the result.
        var handler = await browser.SignInAsync("handler.654000");
        await handler.WaitForURLAsync(url => url.EndsWith("/queue"));
        await handler.GetByTestId("queue-case").Filter(new LocatorFilterOptions { HasText = caseNo }).ClickAsync();
        await Assertions.Expect(handler.GetByTestId("case-no")).ToHaveTextAsync(caseNo);
        await BrowserFixture.ScreenshotAsync(handler, "case-file-handler");

        await Act(handler, "Accept");
        await ExpectStatus(handler, "InProgress");

        // The rule shows as a readable message: "unsubstantiated" needs a site visit first.
        await handler.GetByTestId("action-Result").ClickAsync();
        await Pick(handler, "action-verdict", "不属实");
        await Type(handler, "action-findings", "经查不属实。");
        await Type(handler, "action-measures", "无。");
        await Type(handler, "action-summary", "经核查，反映问题不属实。");
        await handler.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(handler.GetByTestId("action-error")).ToContainTextAsync("现场核查");
        await BrowserFixture.ScreenshotAsync(handler, "case-rule-refusal");
        await handler.GetByTestId("action-cancel").ClickAsync();
        await Assertions.Expect(handler.GetByTestId("action-submit")).ToHaveCountAsync(0);

        await handler.GetByTestId("action-SiteVisit").ClickAsync();
        await Type(handler, "action-inspectors", "张三，李四", "input");
        await Type(handler, "action-findings", "现场发现排污口有黑色污水排出，已取样。");
        await handler.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(handler.GetByTestId("site-visits")).ToContainTextAsync("已取样");

        await handler.GetByTestId("action-Result").ClickAsync();
        await Pick(handler, "action-verdict", "属实");
        await Type(handler, "action-findings", "企业夜间偷排未经处理的生产废水。");
        await Type(handler, "action-measures", "责令停产整改，封堵暗管。");
        await Type(handler, "action-summary", "反映问题属实，已责令整改。");
        await handler.GetByTestId("action-submit").ClickAsync();
        await ExpectStatus(handler, "ResultSubmitted");
        await handler.Context.CloseAsync();

        // The supervisor cannot close before a callback, logs one, then verifies and closes.
        var supervisor = await browser.SignInAsync("supervisor", $"/cases/{caseNo}");
        await supervisor.GetByTestId("action-Close").ClickAsync();
        await supervisor.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("action-error")).ToContainTextAsync("回访");
        await supervisor.GetByTestId("action-cancel").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("action-submit")).ToHaveCountAsync(0);

        await supervisor.GetByTestId("action-Callback").ClickAsync();
        await Pick(supervisor, "action-satisfaction", "满意");
        await supervisor.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(supervisor.GetByTestId("callbacks")).ToContainTextAsync("满意");

        await supervisor.GetByTestId("action-Close").ClickAsync();
        await supervisor.GetByTestId("action-submit").ClickAsync();
        await ExpectStatus(supervisor, "Closed");
        await Assertions.Expect(supervisor.GetByTestId("timeline")).ToContainTextAsync("办结");
        await BrowserFixture.ScreenshotAsync(supervisor, "case-file-closed");
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task A_handler_reveals_the_complainant_and_the_reveal_is_on_the_timeline()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654200", "塔城查看测试饲料有限公司", leadUnit: "654200");

        var page = await browser.SignInAsync("handler.654200", $"/cases/{caseNo}");
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("139****5678");
        await page.GetByTestId("action-Reveal").ClickAsync();
        await Assertions.Expect(page.GetByTestId("reveal-confirm")).ToBeDisabledAsync();
        await page.Locator("#reveal-reason").FillAsync("核实举报人联系方式以便回访");
        await page.GetByTestId("reveal-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("13912345678");
        await Assertions.Expect(page.Locator("[data-testid=timeline] li[data-event=ComplainantRevealed]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=timeline] li[data-event=ComplainantRevealed]")).ToContainTextAsync("核实举报人联系方式以便回访");
        await page.Context.CloseAsync();
    }

    private static async Task Act(IPage page, string action)
    {
        await page.GetByTestId($"action-{action}").ClickAsync();
        await page.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-submit")).ToHaveCountAsync(0);
    }

    private static Task ExpectStatus(IPage page, string status) =>
        Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", status);

    /// <summary>Types into a field and leaves it, so that the circuit has the value before anything else happens.</summary>
    private static async Task Type(IPage page, string testId, string text, string element = "textarea")
    {
        var input = IntakeForm.Input(page, testId, element);
        await input.FillAsync(text);
        await input.BlurAsync();
        await Assertions.Expect(input).ToHaveValueAsync(text);
    }

    /// <summary>Opens a select and picks the option with exactly this text.</summary>
    private static async Task Pick(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        // The pick is a round trip to the circuit: wait until the list has closed and the select shows the choice.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"[data-testid='{testId}']").First).ToContainTextAsync(option);
    }
}
