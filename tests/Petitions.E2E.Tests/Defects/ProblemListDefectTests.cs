using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>The problem list's defects of issue 14: its count, its deadline column at 1366 px, and the overdue list's order.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProblemListDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_problem_list_shows_its_count_and_keeps_each_deadline_on_one_line_at_1366px()
    {
        await Defect.RegisterReceivedAsync(browser, "653000", "克州问题清单计数测试选矿厂", daysAgo: 420);
        await Defect.RegisterReceivedAsync(browser, "653000", "克州问题清单计数测试水泥厂", daysAgo: 40);
        var supervisor = await browser.Host.ApiAs("supervisor");
        var total = (await supervisor.GetFromJsonAsync<JsonObject>("/api/problem-list?unit=653000"))!["total"]!.GetValue<int>();

        var page = await browser.SignInAsync("supervisor", "/problems?unit=653000", width: 1366, height: 900);
        var rows = page.GetByTestId("problem-table").Locator("tbody tr");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "克州问题清单计数测试选矿厂" })).ToBeVisibleAsync();
        await Defect.ShotAsync(page, "problem-list-count-and-dates");

        await Assertions.Expect(page.Locator(".page-header")).ToContainTextAsync($"共 {total} 件");
        foreach (var row in await rows.AllAsync())
        {
            var deadline = row.Locator("td").Nth(5);
            Assert.True(await Defect.LinesAsync(deadline) == 1, $"the deadline \"{await deadline.InnerTextAsync()}\" wraps at 1366 px");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overdue_list_puts_the_most_overdue_case_first()
    {
        var older = await Defect.RegisterReceivedAsync(browser, "653000", "克州超期排序测试一号砖厂", daysAgo: 300);
        var newer = await Defect.RegisterReceivedAsync(browser, "653000", "克州超期排序测试二号砖厂", daysAgo: 30);

        var page = await browser.SignInAsync("supervisor", "/cases?unit=653000&overdue=true&q=" + Uri.EscapeDataString("超期排序测试"), width: 1366);
        var rows = page.GetByTestId("case-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Defect.ShotAsync(page, "overdue-list-order");
        await Assertions.Expect(rows.First).ToContainTextAsync(older);
        await Assertions.Expect(rows.Last).ToContainTextAsync(newer);
        await page.Context.CloseAsync();
    }
}
