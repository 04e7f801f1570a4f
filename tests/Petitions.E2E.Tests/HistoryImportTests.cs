using Microsoft.Playwright;
using MiniExcelLibs;
using Petitions.Application.Features.Imports.History;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HistoryImportTests(BrowserFixture browser)
{
    /// <summary>An administrator uploads a legacy ledger of two rows (one the rules refuse), sees why, fixes it, previews and imports.</summary>
    [Fact]
    public async Task An_administrator_previews_a_ledger_sees_the_refused_row_and_imports_the_corrected_one()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        Dictionary<string, object?> Row(string reference, bool callback) => new()
        {
            [HistoryLedger.Ref] = $"E2E-{run}-{reference}",
            [HistoryLedger.Received] = "2025-03-02 09:30",
            [HistoryLedger.Region] = "伊犁哈萨克自治州",
            [HistoryLedger.Target] = $"伊宁市{run}{reference}建材有限公司",
            [HistoryLedger.Categories] = "大气",
            [HistoryLedger.Description] = "夜间生产粉尘大",
            [HistoryLedger.Accepted] = "2025-03-03",
            [HistoryLedger.Visited] = "2025-03-05 10:00",
            [HistoryLedger.Answered] = "2025-03-20",
            [HistoryLedger.Verdict] = "属实",
            [HistoryLedger.Measures] = "责令整改",
            [HistoryLedger.CalledBack] = callback ? "2025-03-25" : null,
            [HistoryLedger.Satisfaction] = callback ? "满意" : null,
            [HistoryLedger.Closed] = "2025-03-28",
        };

        async Task<FilePayload> Ledger(params Dictionary<string, object?>[] rows)
        {
            var stream = new MemoryStream();
            await stream.SaveAsAsync(rows.ToList());
            return new FilePayload { Name = "旧台账.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = stream.ToArray() };
        }

        var page = await browser.SignInAsync("admin", "/admin/history-import");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("历史台账导入");
        await page.GetByTestId("history-import-file").SetInputFilesAsync(await Ledger(Row("1", callback: true), Row("2", callback: false)));
        await page.GetByTestId("history-import-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-import-summary")).ToContainTextAsync("有 1 行不能导入");
        await Assertions.Expect(page.GetByTestId("history-import-rows")).ToContainTextAsync("办结时间：办结前须完成回访");
        await Assertions.Expect(page.GetByTestId("history-import-commit")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "history-import-refused");

        await page.GetByTestId("history-import-file").SetInputFilesAsync(await Ledger(Row("1", callback: true), Row("2", callback: true)));
        await page.GetByTestId("history-import-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-import-summary")).ToContainTextAsync("全部 2 行可以导入");
        await page.GetByTestId("history-import-commit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("history-import-done")).ToContainTextAsync("已导入 2 件");
        await BrowserFixture.ScreenshotAsync(page, "history-import-done");
        await page.Context.CloseAsync();
    }
}
