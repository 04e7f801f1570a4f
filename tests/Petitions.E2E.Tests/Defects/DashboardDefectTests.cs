using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>The dashboard's defects of issue 14: round selector, closures wording, problem preview headers, phone width, admins.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DashboardDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_unit_charts_round_selector_offers_daily_complaints_apart_from_all_rounds()
    {
        var round = await CreateRoundAsync("第一轮督察（看板筛选测试）");
        await RegisterInRoundAsync(round, "654300", "阿勒泰看板筛选测试矿业有限公司");
        await Defect.RegisterReceivedAsync(browser, "654300", "阿勒泰看板日常测试砂场", daysAgo: 1, leadUnit: "654300");

        var page = await browser.SignInAsync("supervisor", "/dashboard", width: 1366);
        await Assertions.Expect(page.GetByTestId("unit-bar").First).ToBeVisibleAsync();
        var select = page.GetByTestId("unit-chart").Locator(".mud-select").First;
        await Defect.ShotAsync(page, "dashboard-round-selector");
        // Nothing chosen: every case, and the selector says so (not 日常信访).
        await Assertions.Expect(select).Not.ToContainTextAsync("日常信访");
        await Assertions.Expect(select).ToContainTextAsync("全部");

        await Defect.PickAsync(page, select, "日常信访");
        await Assertions.Expect(select).ToContainTextAsync("日常信访");
        var supervisor = await browser.Host.ApiAs("supervisor");
        var rounds = (await supervisor.GetFromJsonAsync<JsonArray>("/api/stats/completion?groupBy=round"))!;
        var daily = rounds.Single(r => r!["key"] is null)!["total"]!.GetValue<int>();
        // The chart now counts the daily complaints only: its top-level rows add up to the daily total.
        await Assertions.Expect(page.GetByTestId("unit-chart")).ToHaveAttributeAsync("data-round", "daily");
        Assert.Equal(daily, await UnitTotalAsync(page));

        await Defect.PickAsync(page, select, "第一轮督察（看板筛选测试）");
        await Assertions.Expect(page.GetByTestId("unit-chart")).ToHaveAttributeAsync("data-round", round);
        Assert.Equal(1, await UnitTotalAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_round_card_counts_final_and_stage_closures_apart()
    {
        var round = await CreateRoundAsync("第二轮督察（办结口径测试）");
        var final = await RegisterInRoundAsync(round, "654300", "阿勒泰办结口径测试一厂");
        var stage = await RegisterInRoundAsync(round, "654300", "阿勒泰办结口径测试二厂");
        await RegisterInRoundAsync(round, "654300", "阿勒泰办结口径测试三厂");
        await browser.Host.CloseAsync(final, "654300");
        await CloseStageAsync(stage, "654300");

        var page = await browser.SignInAsync("supervisor", "/dashboard", width: 1366);
        var card = page.Locator($"[data-testid=round-card][data-round={round}]");
        await Assertions.Expect(card.GetByTestId("round-fraction")).ToHaveTextAsync("2 / 3 = 66.7%");
        await card.ScrollIntoViewIfNeededAsync();
        await Defect.ShotAsync(page, "dashboard-round-closures");
        // 2 closed = 1 final + 1 stage: the card says so, never "of which" (they are not part of each other).
        await Assertions.Expect(card).Not.ToContainTextAsync("其中");
        await Assertions.Expect(card).ToContainTextAsync("办结 2 件：最终办结 1 件，阶段性办结 1 件");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_problem_list_preview_has_column_headers()
    {
        await Defect.RegisterReceivedAsync(browser, "654300", "阿勒泰看板问题清单预览测试厂", daysAgo: 40);
        var page = await browser.SignInAsync("supervisor", "/dashboard", width: 1366);
        var preview = page.GetByTestId("problem-summary");
        await Assertions.Expect(preview.Locator("tbody tr").First).ToBeVisibleAsync();
        await preview.ScrollIntoViewIfNeededAsync();
        await Defect.ShotAsync(page, "dashboard-problem-headers");
        var headers = preview.Locator("thead th");
        await Assertions.Expect(headers).ToHaveCountAsync(6);
        await Assertions.Expect(headers.First).ToHaveTextAsync("案件编号");
        await Assertions.Expect(headers.Last).ToHaveTextAsync("整改期限");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dashboard_fits_a_phone_without_sideways_scrolling()
    {
        await Defect.RegisterReceivedAsync(browser, "654300", "阿勒泰看板手机宽度测试有限责任公司（第一分厂）", daysAgo: 40);
        var page = await browser.SignInAsync("supervisor", "/dashboard", width: Defect.PhoneWidth, height: Defect.PhoneHeight);
        await Assertions.Expect(page.GetByTestId("unit-bar").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("problem-summary").Locator("tbody tr").First).ToBeVisibleAsync();
        var overflow = await Defect.OverflowAsync(page);
        var wide = await Defect.PastTheRightEdgeAsync(page);
        await Defect.ShotAsync(page, "dashboard-phone");
        Assert.True(overflow <= 0, $"the dashboard is {overflow}px wider than a phone");
        Assert.True(wide.Length == 0, "scrolls sideways on a phone: " + string.Join(" | ", wide));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_on_the_dashboard_reads_why_without_an_error()
    {
        var page = await browser.SignInAsync("admin", "/dashboard", width: 1366);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Whatever the page loads after the circuit connects has had time to fail.
        await page.WaitForTimeoutAsync(1500);
        await Defect.ShotAsync(page, "dashboard-admin");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("dashboard-not-for-role")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dashboard-not-for-role")).ToContainTextAsync("系统管理");
        await page.Context.CloseAsync();
    }

    private async Task<int> UnitTotalAsync(IPage page)
    {
        // Wait for the chart to settle on the new choice (its rows are reloaded).
        await Assertions.Expect(page.GetByTestId("unit-bar").First).ToBeVisibleAsync();
        var texts = await page.GetByTestId("unit-bar").Locator(".num .muted").AllInnerTextsAsync();
        return texts.Sum(t => int.Parse(Fraction().Match(t).Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<string> CreateRoundAsync(string name)
    {
        var code = $"D{Guid.NewGuid():N}"[..8].ToUpperInvariant();
        await Defect.PostAsync(await browser.Host.ApiAs("admin"), "/api/rounds", new { code, name, startsOn = DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd") });
        return code;
    }

    private async Task<string> RegisterInRoundAsync(string round, string unit, string target)
    {
        var created = await Defect.PostAsync(await browser.Host.ApiAs("intake"), "/api/petitions", new
        {
            channel = "InspectionHandover", receivedAt = DateTimeOffset.UtcNow.AddHours(-3).ToString("O"), roundCode = round,
            regionCode = unit, target, categories = new[] { "Ecology" }, description = "督察交办件。", complainant = new { anonymous = true }, leadUnit = unit,
        });
        return created["caseNo"]!.GetValue<string>();
    }

    private async Task CloseStageAsync(string caseNo, string unit)
    {
        var handler = await browser.Host.ApiAs($"handler.{unit}");
        var supervisor = await browser.Host.ApiAs("supervisor");
        var now = DateTimeOffset.UtcNow;
        await Defect.PostAsync(handler, $"/api/petitions/{caseNo}/accept", new { });
        await Defect.PostAsync(handler, $"/api/petitions/{caseNo}/site-visits", new { visitedAt = now.AddMinutes(-30).ToString("O"), inspectors = new[] { "赵六" }, findings = "现场核查属实。" });
        await Defect.PostAsync(handler, $"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实。", measures = "整改中。", publicSummary = "正在整改。" });
        await Defect.PostAsync(supervisor, $"/api/petitions/{caseNo}/callbacks", new { calledAt = now.AddMinutes(1).ToString("O"), method = "Phone", contact = "Complainant", satisfaction = "Satisfied" });
        await Defect.PostAsync(supervisor, $"/api/petitions/{caseNo}/close", new { kind = "Stage", rectificationDueAt = now.AddDays(60).ToString("O") });
    }

    [GeneratedRegex(@"\((\d+)/(\d+)\)")]
    private static partial Regex Fraction();
}
