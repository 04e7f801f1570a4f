using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>The intake and acceptance defects of issue 14: stale errors after fixing, the acceptance deadline's name, its silent replacement.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IntakeDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task Fixing_the_fields_of_a_failed_save_clears_their_errors_at_once()
    {
        var page = await browser.SignInAsync("intake", "/intake", width: 1366);
        await page.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-input-error").First).ToBeVisibleAsync();

        await IntakeForm.FillAsync(page, "654000", "伊犁改错测试化工有限公司", "夜间排放刺鼻气味。");
        await Defect.ShotAsync(page, "intake-stale-errors");
        await Assertions.Expect(page.Locator(".mud-input-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("form-error")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_save_screen_calls_the_acceptance_deadline_by_its_name()
    {
        var page = await browser.SignInAsync("intake", "/intake", width: 1366);
        await IntakeForm.FillAsync(page, "654000", "伊犁受理期限名称测试化工有限公司", "夜间排放刺鼻气味。");
        await page.GetByTestId("intake-submit").ClickAsync();
        var saved = page.GetByTestId("intake-saved");
        await Assertions.Expect(page.GetByTestId("saved-due")).ToBeVisibleAsync();
        await Defect.ShotAsync(page, "intake-acceptance-deadline-name");
        await Assertions.Expect(saved.Locator("dt", new LocatorLocatorOptions { HasText = "受理期限" })).ToHaveCountAsync(1);
        await Assertions.Expect(saved.Locator("dt", new LocatorLocatorOptions { HasText = "办理期限" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Accepting_says_that_the_handling_deadline_replaces_the_acceptance_deadline()
    {
        var caseNo = await browser.Host.RegisterAsync(await browser.Host.ApiAs("intake"), "654000", "伊犁期限取代测试化工有限公司", leadUnit: "654000");
        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}", width: 1366);
        var due = page.GetByTestId("case-due");
        await Assertions.Expect(due).ToBeVisibleAsync();
        var acceptanceDue = System.Text.RegularExpressions.Regex.Match(await due.InnerTextAsync(), @"\d{4}-\d{2}-\d{2}").Value;
        await Defect.ShotAsync(page, "accept-deadline-before-accepting");
        await Assertions.Expect(due).ToContainTextAsync("受理期限");

        await page.GetByTestId("action-Accept").ClickAsync();
        // The confirmation says what happens to the deadline before it happens.
        await Assertions.Expect(page.GetByTestId("action-dialog")).ToContainTextAsync(acceptanceDue);
        await page.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "InProgress");
        await Defect.ShotAsync(page, "accept-deadline-replaced");
        await Assertions.Expect(due).ToContainTextAsync("办理期限");
        await Assertions.Expect(page.GetByTestId("case-due-replaced")).ToContainTextAsync($"受理期限 {acceptanceDue}");
        await Assertions.Expect(page.Locator("[data-testid=timeline] li[data-event=Accepted]")).ToContainTextAsync($"受理期限 {acceptanceDue}");
        await page.Context.CloseAsync();
    }
}
