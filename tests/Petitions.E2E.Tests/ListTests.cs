using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ListTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_handlers_queue_lists_their_units_open_cases_and_opens_them()
    {
        var intake = await browser.Host.ApiAs("intake");
        var mine = await browser.Host.RegisterAsync(intake, "652300", "昌吉待办测试建材有限公司", leadUnit: "652300");
        var other = await browser.Host.RegisterAsync(intake, "652800", "巴州待办测试建材有限公司", leadUnit: "652800");

        var page = await browser.SignInAsync("handler.652300");
        await page.WaitForURLAsync(url => url.EndsWith("/queue"));
        await Assertions.Expect(page.GetByTestId("queue-case").Filter(new LocatorFilterOptions { HasText = mine })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("queue-case").Filter(new LocatorFilterOptions { HasText = other })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "queue");

        await page.GetByTestId("queue-case").Filter(new LocatorFilterOptions { HasText = mine }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-no")).ToHaveTextAsync(mine);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_case_list_filters_by_url_and_exports_the_filter_without_complainant_data()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "650200", "克拉玛依导出测试石化有限公司", leadUnit: "650200");

        var page = await browser.SignInAsync("supervisor", "/cases?q=" + Uri.EscapeDataString("导出测试"));
        var table = page.GetByTestId("case-table");
        await Assertions.Expect(table).ToContainTextAsync(caseNo);
        await Assertions.Expect(page.GetByTestId("case-total")).ToContainTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "case-list");

        var csvDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync((await csvDownload.PathAsync())!);
        Assert.Contains(caseNo, csv);
        Assert.Contains("克拉玛依导出测试石化有限公司", csv);
        Assert.DoesNotContain("李四", csv);
        Assert.DoesNotContain("13912345678", csv);
        Assert.DoesNotContain("5678", csv);

        var xlsxDownload = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await xlsxDownload.PathAsync())!);
        Assert.True(bytes.Length > 1000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "an .xlsx is a zip file");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_shows_each_rounds_exact_fraction()
    {
        var admin = await browser.Host.ApiAs("admin");
        var round = $"R{Guid.NewGuid():N}"[..8].ToUpperInvariant();
        var created = await admin.PostAsJsonAsync("/api/rounds", new { code = round, name = "第一轮督察（测试）", startsOn = DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd") });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var intake = await browser.Host.ApiAs("intake");
        var cases = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await intake.PostAsJsonAsync("/api/petitions", new
            {
                channel = "InspectionHandover", receivedAt = DateTimeOffset.UtcNow.AddHours(-3).ToString("O"), roundCode = round,
                regionCode = "654300", target = $"阿勒泰统计测试矿业{i}有限公司", categories = new[] { "Ecology" }, description = "督察交办件。",
                complainant = new { anonymous = true }, leadUnit = "654300",
            });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            cases.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["caseNo"]!.GetValue<string>());
        }

        await browser.Host.CloseAsync(cases[0], "654300");
        await browser.Host.CloseAsync(cases[1], "654300");

        var page = await browser.SignInAsync("supervisor", "/dashboard");
        var card = page.Locator($"[data-testid=round-card][data-round={round}]");
        await Assertions.Expect(card.GetByTestId("round-fraction")).ToHaveTextAsync("2 / 3 = 66.7%");
        await Assertions.Expect(page.GetByTestId("unit-bar").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard");

        // Drill down: 自治区 → its prefectures.
        await page.Locator("[data-testid=unit-bar][data-unit='650000'] button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=unit-bar][data-unit='654300']")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard-drilldown");
        await page.Context.CloseAsync();
    }
}
