using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>
/// Helpers of the defect tests (issue 14, "What they hit"): each test screenshots the defect's page before its
/// assertion as <c>&lt;defect&gt;-&lt;phase&gt;.png</c>, the phase being PETITIONS_DEFECT_PHASE ("before" when run against
/// the code that had the defect, "after" by default), so that the two pictures of a defect sit side by side.
/// </summary>
public static class Defect
{
    public static string Phase => Environment.GetEnvironmentVariable("PETITIONS_DEFECT_PHASE") is { Length: > 0 } phase ? phase : "after";

    public static Task ShotAsync(IPage page, string defect) => BrowserFixture.ScreenshotAsync(page, $"{defect}-{Phase}");

    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    /// <summary>How many pixels the document is wider than the window (0 or less: no sideways scrolling).</summary>
    public static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    /// <summary>
    /// The elements of the page body that reach past the window's right edge: content a person has to scroll sideways
    /// to read, whether the document scrolls or a box inside it does.
    /// </summary>
    public static Task<string[]> PastTheRightEdgeAsync(IPage page) =>
        page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.page-body *')]
                    .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 10)
                    .map(e => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}px`)
            """);

    /// <summary>The number of text lines an element's content takes (distinct tops of its text boxes).</summary>
    public static Task<int> LinesAsync(ILocator element) =>
        element.EvaluateAsync<int>("""
            el => {
              const range = document.createRange();
              range.selectNodeContents(el);
              const tops = new Set();
              for (const r of range.getClientRects()) { if (r.width > 0 && r.height > 0) tops.add(Math.round(r.top / 4)); }
              return tops.size;
            }
            """);

    public static async Task<JsonNode> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {text}");
        return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>A complaint received <paramref name="daysAgo"/> days ago and left unaccepted: past its acceptance deadline when older than 15 days.</summary>
    public static async Task<string> RegisterReceivedAsync(BrowserFixture browser, string region, string target, int daysAgo, string? leadUnit = null) =>
        await browser.Host.RegisterAsync(await browser.Host.ApiAs("intake"), region, target, leadUnit, DateTimeOffset.UtcNow.AddDays(-daysAgo));

    /// <summary>An assigned case taken to a result and a dissatisfied callback: reopened automatically, on the problem list.</summary>
    public static async Task<string> RegisterDissatisfiedAsync(BrowserFixture browser, string unit, string target, string note)
    {
        var caseNo = await browser.Host.RegisterAsync(await browser.Host.ApiAs("intake"), unit, target, leadUnit: unit);
        var handler = await browser.Host.ApiAs($"handler.{unit}");
        var supervisor = await browser.Host.ApiAs("supervisor");
        var now = DateTimeOffset.UtcNow;
        await PostAsync(handler, $"/api/petitions/{caseNo}/accept", new { });
        await PostAsync(handler, $"/api/petitions/{caseNo}/site-visits", new { visitedAt = now.AddMinutes(-30).ToString("O"), inspectors = new[] { "赵六" }, findings = "现场核查属实。" });
        await PostAsync(handler, $"/api/petitions/{caseNo}/result", new { verdict = "Substantiated", findings = "属实。", measures = "已整改。", publicSummary = "已整改到位。" });
        await PostAsync(supervisor, $"/api/petitions/{caseNo}/callbacks",
            new { calledAt = now.AddMinutes(1).ToString("O"), method = "Phone", contact = "Complainant", satisfaction = "Dissatisfied", note });
        return caseNo;
    }

    /// <summary>A new account (the demo password) for a test that changes the account, e.g. its language.</summary>
    public static async Task<string> CreateUserAsync(BrowserFixture browser, string prefix, string[] roles, string language = "zh-CN", string[]? units = null,
        string? displayName = null)
    {
        var username = $"{prefix}.{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 40)];
        var admin = await browser.Host.ApiAs("admin");
        await PostAsync(admin, "/api/users", new
        {
            username, displayName = displayName ?? $"测试{prefix}", password = UiHost.DemoPassword, roles, units = units ?? [], allUnits = units is null, language,
        });
        return username;
    }

    /// <summary>Opens a select and picks the option with exactly this text.</summary>
    public static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
