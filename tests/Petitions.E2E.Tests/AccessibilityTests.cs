using System.Net.Http.Json;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Petitions.E2E.Tests;

/// <summary>
/// Every page, signed out and as each role, at a laptop (1366 px) and a phone (390 px) width: axe-core finds no serious
/// or critical violation, and at 390 px the document never scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task Every_page_passes_axe_with_no_serious_or_critical_violation_and_never_scrolls_sideways_on_a_phone(int width, int height)
    {
        var data = await SeedAsync();
        var findings = new List<string>();
        var overflows = new List<string>();

        async Task Check(IPage page, string actor, string path, bool interactive)
        {
            await page.GotoAsync(path);
            if (interactive) await BrowserFixture.WaitForCircuitAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Data loads after the circuit connects: let the first render settle before judging the page.
            await page.WaitForTimeoutAsync(400);
            var result = await page.RunAxe();
            foreach (var violation in result.Violations.Where(v => Blocking.Contains(v.Impact)))
            {
                var targets = string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Target?.ToString()));
                findings.Add($"{width}px {actor} {path}: {violation.Id} ({violation.Impact}, {violation.Nodes.Length} nodes) {targets}");
            }

            if (width < 600)
            {
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (overflow > 0)
                {
                    // Name the elements that stick out, so that the failure says what to fix.
                    var culprits = await page.EvaluateAsync<string>(
                        """
                        () => [...document.querySelectorAll('body *')]
                          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
                          .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')).join(' | ')
                        """);
                    overflows.Add($"{actor} {path}: {overflow}px wider than the screen ({culprits})");
                    await BrowserFixture.ScreenshotAsync(page, $"a11y-overflow-{actor}-{path.Trim('/').Replace('/', '-').Replace('?', '-')}");
                }
            }
        }

        // Signed out.
        var anonymous = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Host.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        anonymous.SetDefaultTimeout(15_000);
        var signedOut = await anonymous.NewPageAsync();
        foreach (var path in new[] { "/signin", "/lookup", $"/public/disclosure/{data.Round}/1" })
            await Check(signedOut, "anonymous", path, interactive: false);
        await anonymous.CloseAsync();

        var caseFile = $"/cases/{data.CaseNo}";
        var pagesByActor = new (string Actor, string[] Paths)[]
        {
            ("intake", ["/", "/intake", "/imports", "/cases", "/notifications", "/cases?urgent=true&open=true", "/dashboard", caseFile, $"{caseFile}/receipt"]),
            ("handler.654000", ["/queue", "/notifications", "/cases", "/problems", "/rectification", $"/rectification/tasks/{data.Task}", caseFile, "/not-found"]),
            ("supervisor", ["/cases?status=Diverted", "/dashboard", "/problems", "/rectification", $"/rectification/plans/{data.LedgerRound}-BT", "/lookbacks", caseFile]),
            ("admin", ["/admin/users", "/admin/units", "/admin/rounds", "/admin/reveals", "/admin/history-import", "/rectification", "/denied"]),
        };
        foreach (var (actor, paths) in pagesByActor)
        {
            var page = await browser.SignInAsync(actor, paths[0], width, height);
            foreach (var path in paths) await Check(page, actor, path, interactive: true);
            await page.Context.CloseAsync();
        }

        var report = new StringBuilder().AppendLine($"axe at {width}px: {findings.Count} serious/critical findings; {overflows.Count} pages scroll sideways");
        foreach (var line in findings.Concat(overflows)) report.AppendLine(line);
        output.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(BrowserFixture.ScreenshotDir)!, $"axe-{width}.txt"), report.ToString());
        Assert.True(findings.Count == 0 && overflows.Count == 0, report.ToString());
    }

    private async Task<(string CaseNo, string Round, string LedgerRound, string Task)> SeedAsync()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊犁某某化工有限公司（无障碍检查）", leadUnit: "654000");

        var admin = await browser.Host.ApiAs("admin");
        var round = "A" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        await Post(admin, "/api/rounds", new { code = round, name = $"无障碍轮次{round}", startsOn = "2026-01-01", handlingDays = 10 });
        await Post(admin, $"/api/rounds/{round}/batches", new { batchNo = 1, handedOverOn = "2026-01-02" });
        await Post(await browser.Host.ApiAs("supervisor"), $"/api/rounds/{round}/batches/1/publish", new { });

        var ledgerRound = "A" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await Post(admin, "/api/rounds", new { code = ledgerRound, name = "第二轮中央生态环境保护督察（无障碍检查）", startsOn = "2022-04-01" });
        await Post(admin, "/api/rectification/imports", new { text = Petitions.Demo.DemoLedger.ReportText(), roundCode = ledgerRound });
        var task = $"{ledgerRound}-650000-19";
        var assigned = await admin.PutAsJsonAsync($"/api/rectification/tasks/{task}/responsibility", new { leadUnit = "654000", leader = "分管副州长" });
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        return (caseNo, round, ledgerRound, task);
    }

    private static async Task Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
