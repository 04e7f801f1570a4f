using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>The timeline's doubled labels (issue 14): "办结 / 办结", "重复举报：重复举报：XF…", "回访不满意：回访不满意：…".</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TimelineDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task Timeline_entries_say_each_label_once()
    {
        var intake = await browser.Host.ApiAs("intake");
        var original = await browser.Host.RegisterAsync(intake, "652700", "博州时间线重复标签测试化工有限公司", leadUnit: "652700");
        await browser.Host.CloseAsync(original, "652700");
        var repeat = await browser.Host.RegisterAsync(intake, "652700", "博州时间线重复标签测试化工公司");
        var reopened = await Defect.RegisterDissatisfiedAsync(browser, "652700", "博州时间线不满意测试焦化厂", "噪声仍然很大");

        var page = await browser.SignInAsync("supervisor", $"/cases/{original}", width: 1366);
        var closed = page.Locator("[data-testid=timeline] li[data-event=Closed]");
        await Assertions.Expect(closed).ToBeVisibleAsync();
        await closed.ScrollIntoViewIfNeededAsync();
        await Defect.ShotAsync(page, "timeline-closed-label");
        await AssertSaysOnceAsync(closed);

        await page.GotoAsync($"/cases/{repeat}");
        var linked = page.Locator("[data-testid=timeline] li[data-event=RepeatLinked]");
        await Assertions.Expect(linked).ToContainTextAsync(original);
        await Defect.ShotAsync(page, "timeline-repeat-label");
        await AssertSaysOnceAsync(linked);
        Assert.Equal(1, Regex.Count(await linked.InnerTextAsync(), "重复举报"));

        await page.GotoAsync($"/cases/{reopened}");
        var reopenedEntry = page.Locator("[data-testid=timeline] li[data-event=Reopened]");
        await Assertions.Expect(reopenedEntry).ToContainTextAsync("噪声仍然很大");
        await Defect.ShotAsync(page, "timeline-reopened-label");
        await AssertSaysOnceAsync(reopenedEntry);
        Assert.Equal(1, Regex.Count(await reopenedEntry.InnerTextAsync(), "回访不满意"));
        await page.Context.CloseAsync();
    }

    /// <summary>The entry's detail does not open with its own label, and no label is written twice in a row ("X：X：").</summary>
    private static async Task AssertSaysOnceAsync(ILocator entry)
    {
        var what = (await entry.Locator(".what").InnerTextAsync()).Trim();
        // An entry whose label says it all has no detail line.
        if (await entry.Locator(".detail").CountAsync() == 0) return;
        var detail = (await entry.Locator(".detail").First.InnerTextAsync()).Trim();
        var firstLine = detail.Split('\n')[0].Trim();
        Assert.False(firstLine == what || firstLine.StartsWith(what + "：", StringComparison.Ordinal), $"\"{what}\" is repeated by its detail \"{firstLine}\"");
        Assert.False(Doubled().IsMatch(detail), $"a label is doubled in \"{detail}\"");
    }

    [GeneratedRegex(@"(\S{2,})：\1：")]
    private static partial Regex Doubled();
}
