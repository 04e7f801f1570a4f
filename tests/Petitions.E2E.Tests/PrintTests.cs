using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

/// <summary>
/// Printing (print media emulated): the case file and the lists print their content only — no app bar, drawer, buttons,
/// filters or pager — with the complainant masked; once this user revealed the complainant, the printout says who
/// revealed it and when. The 交办单 prints as one sheet with the complainant masked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PrintTests(BrowserFixture browser)
{
    [Fact]
    public async Task Printing_hides_navigation_and_masks_the_complainant()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊犁打印测试化工有限公司", leadUnit: "654000");

        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}");
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("139****5678");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".mud-drawer")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("case-actions")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("action-Reveal")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("handover-sheet-print")).ToBeHiddenAsync();
        Assert.Equal(0, await page.Locator("button:visible, .mud-button-root:visible").CountAsync());
        await Assertions.Expect(page.GetByTestId("case-no")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("complainant")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("李*");
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("139****5678");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("李四");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("13912345678");
        await Assertions.Expect(page.GetByTestId("reveal-note")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, "print-case-file-masked.png"), FullPage = true });

        // Revealed by this user: the identity prints, and so does who revealed it and when.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GetByTestId("action-Reveal").ClickAsync();
        await page.Locator("#reveal-reason").FillAsync("核实举报人联系方式以便回访");
        await page.GetByTestId("reveal-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("complainant")).ToContainTextAsync("13912345678");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.GetByTestId("reveal-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("reveal-note")).ToContainTextAsync("伊犁哈萨克自治州");
        await Assertions.Expect(page.GetByTestId("reveal-note")).ToContainTextAsync(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd"));
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, "print-case-file-revealed.png"), FullPage = true });

        // A list prints its table, without the filters and the pager.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GotoAsync("/cases");
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("case-table").GetByText(caseNo)).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("filter-status")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".mud-table-pagination")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("case-table").GetByText(caseNo)).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_case_file_prints_a_one_page_handover_sheet_with_the_complainant_masked()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊犁交办单测试建材有限公司", leadUnit: "654000");

        var page = await browser.SignInAsync("intake", $"/cases/{caseNo}");
        var popup = await page.RunAndWaitForPopupAsync(() => page.GetByTestId("handover-sheet-print").ClickAsync());
        await popup.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await Assertions.Expect(popup.Locator("h1")).ToHaveTextAsync("信访事项交办单");
        await Assertions.Expect(popup.Locator("article")).ToContainTextAsync($"信访件编号：{caseNo}");
        await Assertions.Expect(popup.Locator("article")).ToContainTextAsync("信访人：李*");
        await Assertions.Expect(popup.Locator("article")).ToContainTextAsync("伊犁交办单测试建材有限公司");
        await Assertions.Expect(popup.Locator("body")).Not.ToContainTextAsync("李四");
        await Assertions.Expect(popup.Locator("body")).Not.ToContainTextAsync("13912345678");
        await popup.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await popup.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, "print-handover-sheet.png"), FullPage = true });

        // One A4 page: the PDF the browser prints has exactly one page.
        var pdf = await popup.PdfAsync(new PagePdfOptions { PreferCSSPageSize = true });
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]"));
        await page.Context.CloseAsync();
    }
}
