using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;
using SkiaSharp;

namespace Petitions.E2E.Tests;

/// <summary>Evidence files in the browser: a handler uploads a photo of a site visit, sees its thumbnail, downloads it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_handler_uploads_a_site_visit_photo_sees_its_thumbnail_and_downloads_it()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊宁市附件测试化工有限公司", leadUnit: "654000");
        var api = await browser.Host.ApiAs("handler.654000");
        (await api.PostAsJsonAsync($"/api/petitions/{caseNo}/accept", new { })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/petitions/{caseNo}/site-visits",
            new { visitedAt = DateTimeOffset.UtcNow.AddMinutes(-20).ToString("O"), inspectors = new[] { "王五" }, findings = "排污口有黑水。" })).EnsureSuccessStatusCode();

        var photo = Photo();
        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}");
        var evidence = page.GetByTestId("evidence");
        await Assertions.Expect(evidence).ToBeVisibleAsync();

        await page.GetByTestId("evidence-target").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("现场核查 #1", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await evidence.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "排污口.png", MimeType = "image/png", Buffer = photo });

        var item = evidence.GetByTestId("evidence-item");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-attach-to", "site-visit:1");
        var thumbnail = item.GetByTestId("evidence-thumbnail");
        await Assertions.Expect(thumbnail).ToBeVisibleAsync();
        // The thumbnail really loaded (through the signed-in session), not a broken image.
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=evidence-thumbnail]'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Equal(320, await thumbnail.EvaluateAsync<int>("i => i.naturalWidth"));
        await Assertions.Expect(page.GetByTestId("timeline").Locator("li[data-event=EvidenceAttached]")).ToContainTextAsync("排污口.png");
        await BrowserFixture.ScreenshotAsync(page, "evidence-site-visit-photo");

        var download = await page.RunAndWaitForDownloadAsync(() => item.GetByTestId("evidence-download").ClickAsync());
        Assert.Equal("排污口.png", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.png");
        await download.SaveAsAsync(saved);
        Assert.Equal(photo, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);
        await page.Context.CloseAsync();
    }

    private static byte[] Photo()
    {
        using var bitmap = new SKBitmap(1280, 960);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(40, 90, 60));
            using var paint = new SKPaint { Color = SKColors.Black };
            canvas.DrawCircle(640, 480, 200, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }
}
