using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NotificationTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_handler_sees_the_badge_and_opens_the_case_from_the_inbox()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", $"伊犁提醒测试{Guid.NewGuid().ToString("N")[..6]}有限公司", leadUnit: "654000");
        var supervisor = await browser.Host.ApiAs("supervisor");
        var supervised = await supervisor.PostAsJsonAsync($"/api/petitions/{caseNo}/supervise", new { note = "请尽快核查并回复" });
        Assert.True(supervised.IsSuccessStatusCode, await supervised.Content.ReadAsStringAsync());

        var page = await browser.SignInAsync("handler.654000", "/queue");
        var badge = page.GetByTestId("notification-badge");
        await Assertions.Expect(badge.Locator(".mud-badge")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "notification-badge");

        await page.GetByTestId("notification-bell").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/notifications", StringComparison.Ordinal));
        var item = page.Locator($"[data-testid='notification-item'][data-case='{caseNo}']");
        await Assertions.Expect(item.First).ToBeVisibleAsync();
        await Assertions.Expect(item.First).ToContainTextAsync("收到督办通知");
        await Assertions.Expect(item.First).ToHaveAttributeAsync("data-read", "false");
        await BrowserFixture.ScreenshotAsync(page, "notification-inbox");

        await item.First.GetByTestId("notification-case").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/cases/{caseNo}"));

        // Opening the case read the notice (the click's request and the navigation travel separately: wait a little).
        var handler = await browser.Host.ApiAs("handler.654000");
        System.Text.Json.Nodes.JsonNode? notice = null;
        for (var i = 0; i < 20 && notice?["readAt"] is null; i++)
        {
            if (i > 0) await Task.Delay(250);
            var inbox = await handler.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/notifications");
            notice = inbox!["items"]!.AsArray().Single(n => n!["caseNo"]!.GetValue<string>() == caseNo);
        }

        Assert.NotNull(notice!["readAt"]);
        await page.Context.CloseAsync();
    }
}
