using System.Net.Http.Json;
using Microsoft.Playwright;
using MiniExcelLibs;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HandoverTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_newcomer_fills_the_template_imports_it_publishes_the_batch_and_sees_it_signed_out()
    {
        var admin = await browser.Host.ApiAs("admin");
        var round = "E" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        (await admin.PostAsJsonAsync("/api/rounds", new { code = round, name = $"浏览器轮次{round}", startsOn = "2026-01-01", handlingDays = 10 })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/rounds/{round}/batches", new { batchNo = 1, handedOverOn = "2026-01-02" })).EnsureSuccessStatusCode();

        var page = await browser.SignInAsync("supervisor", $"/imports?round={round}&batch=1");

        // Download the template and fill two rows under its headers.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("import-template").ClickAsync());
        var template = await download.PathAsync();
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var headers = MiniExcel.Query(template, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object>>().First().Keys.ToList();
        Assert.Contains("交办编号", headers);
        var received = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1).ToString("yyyy-MM-dd HH:mm");
        var targets = new[] { $"浏览器导入{round}化工有限公司", $"浏览器导入{round}砂石厂" };
        Dictionary<string, object?> Row(int i) => headers.ToDictionary(h => h, h => (object?)(h switch
        {
            "序号" => i, "交办编号" => $"{round}-{i}", "受理时间" => received, "举报人" => "浏览器举报人", "联系电话" => "13900001111",
            "行政区域" => "伊犁哈萨克自治州", "被举报对象" => targets[i - 1], "地址" => "某工业园区", "污染类型" => "大气、噪声", "举报内容" => "夜间排放刺鼻气味",
            _ => null,
        }));
        var list = Path.Combine(Path.GetTempPath(), $"handover-{round}.xlsx");
        MiniExcel.SaveAs(list, new[] { Row(1), Row(2) }, overwriteFile: true);

        // Preview, import, publish.
        await page.GetByTestId("import-file").SetInputFilesAsync(list);
        await Assertions.Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-row")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "handover-preview");
        await page.GetByTestId("import-commit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-done")).ToBeVisibleAsync();
        await page.GetByTestId("publish").ClickAsync();
        await Assertions.Expect(page.GetByTestId("public-link")).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        // Signed out: the public page shows both cases and nobody's name or phone.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Host.BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        context.SetDefaultTimeout(15_000);
        var publicPage = await context.NewPageAsync();
        await publicPage.GotoAsync($"/public/disclosure/{round}/1");
        await Assertions.Expect(publicPage.GetByTestId("disclosure-row")).ToHaveCountAsync(2);
        await Assertions.Expect(publicPage.GetByTestId("disclosure-table")).ToContainTextAsync(targets[0]);
        await Assertions.Expect(publicPage.GetByTestId("disclosure-table")).ToContainTextAsync("办理中");
        await Assertions.Expect(publicPage.Locator("body")).Not.ToContainTextAsync("浏览器举报人");
        await Assertions.Expect(publicPage.Locator("body")).Not.ToContainTextAsync("13900001111");
        await BrowserFixture.ScreenshotAsync(publicPage, "handover-public");
        await publicPage.GetByTestId("lang-en").ClickAsync();
        await Assertions.Expect(publicPage.GetByTestId("disclosure-table")).ToContainTextAsync("In progress");
        await context.CloseAsync();
    }
}
