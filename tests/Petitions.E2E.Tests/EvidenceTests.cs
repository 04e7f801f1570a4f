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
    public async Task A_handler_attaches_a_photo_to_a_site_visit_sees_its_thumbnail_and_downloads_it()
    {
        var intake = await browser.Host.ApiAs("intake");
        var caseNo = await browser.Host.RegisterAsync(intake, "654000", "伊宁市附件测试化工有限公司", leadUnit: "654000");
        var api = await browser.Host.ApiAs("handler.654000");
        (await api.PostAsJsonAsync($"/api/petitions/{caseNo}/accept", new { })).EnsureSuccessStatusCode();

        // The site visit's form takes the photo; it is attached to the visit once the visit is saved.
        var photo = Photo();
        var page = await browser.SignInAsync("handler.654000", $"/cases/{caseNo}");
        await page.GetByTestId("action-SiteVisit").ClickAsync();
        await Type(page, "action-inspectors", "王五", "input");
        await Type(page, "action-findings", "排污口有黑水，已拍照取证。", "textarea");
        await page.GetByTestId("action-evidence").Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "排污口.png", MimeType = "image/png", Buffer = photo });
        await Assertions.Expect(page.GetByTestId("action-evidence-file")).ToContainTextAsync("排污口.png");
        await page.GetByTestId("action-submit").ClickAsync();

        var evidence = page.GetByTestId("evidence");
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

        // The files section takes a file for a chosen step too; a text file is refused by its content, with the reason.
        await evidence.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "伪装.png", MimeType = "image/png", Buffer = "不是图片"u8.ToArray() });
        await Assertions.Expect(evidence.GetByTestId("evidence-error")).ToContainTextAsync("按文件内容识别");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    private static async Task Type(IPage page, string testId, string text, string element)
    {
        var input = IntakeForm.Input(page, testId, element);
        await input.FillAsync(text);
        await input.BlurAsync();
        await Assertions.Expect(input).ToHaveValueAsync(text);
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
