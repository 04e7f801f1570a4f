using Microsoft.Playwright;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests.Defects;

/// <summary>The app bar and administration defects of issue 14: the header's empty scope, the name on a phone, the users list.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminDefectTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_admins_header_has_no_dangling_separator()
    {
        var page = await browser.SignInAsync("admin", "/admin/users", width: 1366);
        var box = page.GetByTestId("user-box");
        await Assertions.Expect(box).ToContainTextAsync("系统管理员");
        await Defect.ShotAsync(page, "admin-header");
        var scope = (await box.InnerTextAsync()).Trim();
        Assert.False(scope.EndsWith('｜'), $"the header ends with a separator: \"{scope}\"");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_user_name_stays_inside_the_app_bar_on_a_phone()
    {
        // A long name, in English (whose buttons are wider): the worst case of a phone's app bar.
        var user = await Defect.CreateUserAsync(browser, "en.hdl", ["Handler"], language: "en", units: ["654000"], displayName: "伊犁哈萨克自治州生态环境局承办人（测试账号）");
        var page = await browser.SignInAsync(user, "/queue", width: Defect.PhoneWidth, height: Defect.PhoneHeight);
        await Assertions.Expect(page.GetByTestId("user-box")).ToBeVisibleAsync();
        var bar = await page.Locator(".mud-appbar").BoundingBoxAsync();
        var language = (await page.GetByTestId("switch-language").BoundingBoxAsync())!;
        var name = page.Locator(".mud-appbar .user-name");
        var nameBox = (await name.BoundingBoxAsync())!;
        // Either the whole name fits its box, or the box cuts it with an ellipsis; never text drawn over the buttons.
        var spills = await name.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'");
        var overflow = await Defect.OverflowAsync(page);
        await Defect.ShotAsync(page, "phone-app-bar");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
        Assert.False(spills, "the user's name is drawn past its box, over the buttons");
        Assert.True(nameBox.X + nameBox.Width <= language.X + 0.5, $"the name ({nameBox.X}+{nameBox.Width}) runs under the language button ({language.X})");
        foreach (var element in await page.Locator(".mud-appbar .user-box, .mud-appbar .user-box *").AllAsync())
        {
            if (!await element.IsVisibleAsync()) continue;
            var b = (await element.BoundingBoxAsync())!;
            Assert.True(b.X >= bar!.X - 0.5 && b.X + b.Width <= bar.X + bar.Width + 0.5 && b.Y >= bar.Y - 0.5 && b.Y + b.Height <= bar.Y + bar.Height + 0.5,
                $"\"{await element.InnerTextAsync()}\" ({b.X},{b.Y} {b.Width}x{b.Height}) spills out of the app bar ({bar.X},{bar.Y} {bar.Width}x{bar.Height})");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_users_list_filters_by_role_and_shows_the_last_sign_in()
    {
        var user = await Defect.CreateUserAsync(browser, "auditor", ["Auditor"]);
        var signedIn = await browser.SignInAsync(user, "/", width: 1366);
        await signedIn.Context.CloseAsync();
        var never = await Defect.CreateUserAsync(browser, "auditor", ["Auditor"]);

        var page = await browser.SignInAsync("admin", "/admin/users", width: 1366);
        var table = page.GetByTestId("users-table");
        await Assertions.Expect(table).ToContainTextAsync("admin");
        await Defect.ShotAsync(page, "admin-users-role-and-last-sign-in");
        await Defect.PickAsync(page, page.GetByTestId("users-role-filter"), "审计员");
        var rows = table.Locator("tbody tr");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = user })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = "supervisor" })).ToHaveCountAsync(0);
        // Every row left is an auditor's (asserted on the live list: a snapshot of the rows can go stale while the filter re-renders).
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasNotText = "审计员" })).ToHaveCountAsync(0);

        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("最近登录");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = user }).GetByTestId("user-last-sign-in")).ToContainTextAsync(today);
        await Assertions.Expect(rows.Filter(new LocatorFilterOptions { HasText = never }).GetByTestId("user-last-sign-in")).ToContainTextAsync("从未登录");
        await page.Context.CloseAsync();
    }
}
