using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

/// <summary>
/// Keyboard only (Tab, Enter, Space, typing; no mouse, no filling by selector): intake registers a complaint, and the
/// lead unit's handler accepts a case.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task Intake_registers_a_case_with_the_keyboard_only()
    {
        var page = await browser.SignInAsync("intake", "/intake");
        await TabToAsync(page, "field-name");
        await page.Keyboard.TypeAsync("王五");
        await TabToAsync(page, "field-phone");
        await page.Keyboard.TypeAsync("13812345678");
        await TabToAsync(page, "field-region");
        await page.Keyboard.TypeAsync("654000");
        // Wait for the search to narrow the list to the one unit, then Enter picks it.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToContainTextAsync("654000");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(IntakeForm.Input(page, "field-region")).ToHaveValueAsync("伊犁哈萨克自治州");
        await TabToAsync(page, "field-target");
        await page.Keyboard.TypeAsync("伊犁键盘登记测试化工有限公司");
        await TabToAsync(page, "category-Air");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("category-Air")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-selected"));
        await TabToAsync(page, "field-description");
        await page.Keyboard.TypeAsync("夜间排放刺鼻气味。");
        await TabToAsync(page, "intake-submit");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("saved-case-no")).ToBeVisibleAsync();
        Assert.Matches(@"^XF\d{10}$", (await page.GetByTestId("saved-case-no").InnerTextAsync()).Trim());
        await BrowserFixture.ScreenshotAsync(page, "keyboard-intake-saved");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_handler_accepts_a_case_with_the_keyboard_only()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊犁键盘受理测试建材有限公司", leadUnit: "654000");

        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}");
        await Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "Assigned");
        await TabToAsync(page, "action-Accept");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("action-submit")).ToBeVisibleAsync();
        await TabToAsync(page, "action-submit");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "InProgress");
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Tab until the focus is on (or inside) the element with that test id; fails after a hundred presses.</summary>
    private static async Task TabToAsync(IPage page, string testId)
    {
        for (var presses = 0; presses < 100; presses++)
        {
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null");
            if (focused == testId) return;
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached {testId}");
    }
}
