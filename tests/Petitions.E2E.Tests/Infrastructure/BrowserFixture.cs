using Microsoft.Playwright;

namespace Petitions.E2E.Tests.Infrastructure;

/// <summary>One host and one Chromium (Debian's, by path; never a downloaded browser) for the whole E2E collection.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public UiHost Host { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDir { get; } = Path.Combine(RepositoryRoot(), "test-output", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: run `apt-get install -y chromium` (ops/test.sh does).");
        }

        Directory.CreateDirectory(ScreenshotDir);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies), signed in as the user, on the given page with its circuit connected.</summary>
    public async Task<IPage> SignInAsync(string username, string path = "/", int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", username == "admin" ? UiHost.AdminPassword : UiHost.DemoPassword);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));
        await WaitForCircuitAsync(page);
        return page;
    }

    /// <summary>A click before the Blazor circuit is connected is lost: wait for the layout's interactive marker.</summary>
    public static async Task WaitForCircuitAsync(IPage page) =>
        await page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await Host.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Petitions.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Petitions.sln not found above the test binaries.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
