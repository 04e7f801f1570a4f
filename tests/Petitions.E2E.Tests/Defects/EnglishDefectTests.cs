using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>English mode's defects of issue 14: system text left in Chinese, full-width punctuation, cut labels, round names.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EnglishDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task English_mode_translates_the_text_the_system_writes()
    {
        var reopened = await Defect.RegisterDissatisfiedAsync(browser, "652800", "巴州英文系统文字测试石化有限公司", "噪声仍然很大");
        await Defect.RegisterReceivedAsync(browser, "652800", "巴州英文系统文字测试超期砖厂", daysAgo: 40);
        var user = await Defect.CreateUserAsync(browser, "en.sup", ["Supervisor"], language: "en");

        var page = await browser.SignInAsync(user, "/problems?unit=652800", width: 1366);
        var table = page.GetByTestId("problem-table");
        await Assertions.Expect(table).ToContainTextAsync(reopened);
        await Defect.ShotAsync(page, "english-problem-list-system-text");
        await Assertions.Expect(table).Not.ToContainTextAsync("按期办结");
        await Assertions.Expect(table).Not.ToContainTextAsync("责任单位主要负责人");
        await Assertions.Expect(table).Not.ToContainTextAsync("针对群众不满意事项");
        await Assertions.Expect(table).ToContainTextAsync("Close on time");

        await page.GotoAsync($"/cases/{reopened}");
        var entry = page.Locator("[data-testid=timeline] li[data-event=Reopened]");
        await Assertions.Expect(entry).ToContainTextAsync("噪声仍然很大");
        await Defect.ShotAsync(page, "english-reopen-reason");
        await Assertions.Expect(entry).Not.ToContainTextAsync("回访不满意");
        await Assertions.Expect(entry).Not.ToContainTextAsync("责任单位主要负责人");
        await Assertions.Expect(entry).ToContainTextAsync("Dissatisfied at the callback");
        await Assertions.Expect(page.GetByTestId("problem-entry")).Not.ToContainTextAsync("针对群众不满意事项");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task English_mode_uses_english_punctuation_and_whole_labels()
    {
        var caseNo = await browser.Host.RegisterAsync(await browser.Host.ApiAs("intake"), "652800", "巴州英文标点测试化工有限公司", leadUnit: "652800");
        var user = await Defect.CreateUserAsync(browser, "en.int", ["Intake", "Supervisor"], language: "en");

        var page = await browser.SignInAsync(user, $"/cases/{caseNo}", width: 1366);
        await Assertions.Expect(page.Locator("[data-testid=timeline] li[data-event=Assigned]")).ToBeVisibleAsync();
        var text = await page.Locator(".page-body").InnerTextAsync();
        await Defect.ShotAsync(page, "english-punctuation");
        Assert.False(FullWidthAfterLatin().IsMatch(text), $"full-width punctuation after English text: \"{FullWidthAfterLatin().Match(text).Value}\"");

        await page.GotoAsync("/intake");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("intake-submit")).ToBeVisibleAsync();
        await Defect.ShotAsync(page, "english-cut-labels");
        var cut = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.page-body label, .page-body .mud-input-label')]
                    .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
                    .map(l => l.textContent.trim())
            """);
        Assert.True(cut.Length == 0, "labels cut short: " + string.Join(" | ", cut));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Round_names_are_shown_in_the_readers_language()
    {
        var code = $"E{Guid.NewGuid():N}"[..8].ToUpperInvariant();
        await Defect.PostAsync(await browser.Host.ApiAs("admin"), "/api/rounds",
            new { code, name = "第三轮督察（英文名测试）", nameEn = "Third inspection round (name test)", startsOn = DateTime.UtcNow.AddDays(-5).ToString("yyyy-MM-dd") });
        var user = await Defect.CreateUserAsync(browser, "en.rnd", ["Supervisor"], language: "en");

        var page = await browser.SignInAsync(user, "/dashboard", width: 1366);
        var card = page.Locator($"[data-testid=round-card][data-round={code}]");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await card.ScrollIntoViewIfNeededAsync();
        await Defect.ShotAsync(page, "english-round-names");
        await Assertions.Expect(card).ToContainTextAsync("Third inspection round (name test)");
        await Assertions.Expect(card).Not.ToContainTextAsync("第三轮督察");
        // The case list's round picker too.
        await page.GotoAsync("/cases");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator("[data-testid='cases-round']").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").GetByText("Third inspection round (name test)", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").GetByText("第三轮督察（英文名测试）")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();

        var chinese = await browser.SignInAsync("supervisor", "/dashboard", width: 1366);
        await Assertions.Expect(chinese.Locator($"[data-testid=round-card][data-round={code}]")).ToContainTextAsync("第三轮督察（英文名测试）");
        await chinese.Context.CloseAsync();
    }

    [GeneratedRegex(@"[A-Za-z][：（，。；]")]
    private static partial Regex FullWidthAfterLatin();
}
