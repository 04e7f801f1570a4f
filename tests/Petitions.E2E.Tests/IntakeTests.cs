using System.Net.Http.Json;
using Microsoft.Playwright;
using Petitions.Domain.Common;
using Petitions.E2E.Tests.Infrastructure;

namespace Petitions.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class IntakeTests(BrowserFixture browser)
{
    [Fact]
    public async Task Missing_fields_show_their_validation_messages_on_the_fields()
    {
        var page = await browser.SignInAsync("intake", "/intake");
        await page.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-input-error").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "intake-validation");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Intake_registers_a_complaint_sees_its_number_and_due_date_and_assigns_it_at_once()
    {
        var page = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(page, "654000", "伊犁登记测试化工有限公司", "夜间排放刺鼻气味，影响周边居民休息。");
        await BrowserFixture.ScreenshotAsync(page, "intake-form");
        await page.GetByTestId("intake-submit").ClickAsync();

        var caseNo = (await page.GetByTestId("saved-case-no").InnerTextAsync()).Trim();
        // The number the case number grain gives: "XF", the China year of reception (the form's default, today), six digits.
        Assert.Matches($@"^XF{ChinaTime.DateOf(DateTimeOffset.UtcNow).Year}\d{{6}}$", caseNo);
        await Assertions.Expect(page.GetByTestId("saved-due")).ToContainTextAsync("20");
        await BrowserFixture.ScreenshotAsync(page, "intake-saved");

        await page.GetByTestId("assign-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/cases/{caseNo}"));
        await Assertions.Expect(page.GetByTestId("case-lead")).ToHaveTextAsync("伊犁哈萨克自治州");
        await Assertions.Expect(page.Locator("[data-testid=case-header] .status-chip")).ToHaveAttributeAsync("data-status", "Assigned");
        await BrowserFixture.ScreenshotAsync(page, "case-file-assigned");
        await page.Context.CloseAsync();
    }
}

[Collection(BrowserCollection.Name)]
public sealed class RepeatTests(BrowserFixture browser)
{
    [Fact]
    public async Task Typing_a_known_company_written_differently_shows_the_earlier_case_and_registering_links_it()
    {
        var intake = await browser.Host.ApiAs("intake");
        var original = await browser.Host.RegisterAsync(intake, "654000", "伊犁重复测试化工有限责任公司", leadUnit: "654000");

        var page = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(page, "654000", "（伊犁）重复测试化工 有限公司", "又在夜间排放。", phone: "13700001111");
        var candidate = page.GetByTestId("repeat-candidate").Filter(new LocatorFilterOptions { HasText = original });
        await Assertions.Expect(candidate).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "intake-repeat-suggested");

        await page.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("intake-saved")).ToContainTextAsync(original);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_intake_form_says_before_saving_that_a_closed_original_goes_to_a_supervisor_and_nothing_reopens()
    {
        var intake = await browser.Host.ApiAs("intake");
        var original = await browser.Host.RegisterAsync(intake, "654000", "伊犁办结后重复测试焦化有限公司", leadUnit: "654000");
        await browser.Host.CloseAsync(original, "654000");

        var page = await browser.SignInAsync("intake", "/intake");
        await IntakeForm.FillAsync(page, "654000", "伊犁办结后重复测试焦化公司", "又在夜间排放。", phone: "13700002222");
        await Assertions.Expect(page.GetByTestId("repeat-consequence"))
            .ToContainTextAsync($"将关联为 {original} 的重复举报；原件已办结，将列入问题清单待督办决定");
        await Assertions.Expect(page.GetByTestId("repeat-candidate").Filter(new LocatorFilterOptions { HasText = original }).GetByTestId("repeat-kind"))
            .ToHaveTextAsync("同一事项");
        await BrowserFixture.ScreenshotAsync(page, "intake-repeat-consequence");

        await page.GetByTestId("intake-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("saved-came-back")).ToContainTextAsync(original);
        var state = await intake.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/petitions/{original}");
        Assert.Equal("Closed", state!["status"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_supervisor_decides_on_a_closed_case_that_came_back_from_the_problem_list()
    {
        var intake = await browser.Host.ApiAs("intake");
        var original = await browser.Host.RegisterAsync(intake, "654000", "伊犁问题清单决定测试电厂有限公司", leadUnit: "654000");
        await browser.Host.CloseAsync(original, "654000");
        var repeat = await browser.Host.RegisterAsync(intake, "654000", "伊犁问题清单决定测试电厂");

        var page = await browser.SignInAsync("supervisor", "/problems?unit=654000");
        var row = page.GetByTestId("problem-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = original });
        await Assertions.Expect(row.GetByTestId("came-back")).ToContainTextAsync(repeat);
        await row.GetByTestId("decide-repeat").ClickAsync();

        var form = page.GetByTestId("repeat-decision");
        await Assertions.Expect(form).ToContainTextAsync(original);
        await page.GetByTestId("decision-carry").ClickAsync();
        await IntakeForm.TypeAsync(page, "decision-reason", "新件已受理，由新件承办", "textarea");
        await BrowserFixture.ScreenshotAsync(page, "problem-list-repeat-decision");
        await page.GetByTestId("decision-submit").ClickAsync();
        await Assertions.Expect(form).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("problem-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = original }).GetByTestId("came-back")).ToHaveCountAsync(0);

        var state = await intake.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/petitions/{original}");
        Assert.Equal("Closed", state!["status"]!.GetValue<string>());
        Assert.Equal("NewCaseCarries", state["repeatDecision"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }
}

/// <summary>Fills the intake form the way a person does: typing, picking from lists, clicking chips.</summary>
public static class IntakeForm
{
    public static async Task FillAsync(IPage page, string region, string target, string description, string phone = "13812345678")
    {
        await TypeAsync(page, "field-name", "王五");
        await TypeAsync(page, "field-phone", phone);
        await PickUnitAsync(page, "field-region", region);
        await TypeAsync(page, "field-target", target);
        await TypeAsync(page, "field-address", "伊宁市工业园区某路1号");
        await page.GetByTestId("category-Air").ClickAsync();
        await TypeAsync(page, "field-description", description, "textarea");
    }

    /// <summary>Types into a field and leaves it, then waits until the field shows the text (the circuit has it).</summary>
    public static async Task TypeAsync(IPage page, string testId, string text, string element = "input")
    {
        var input = Input(page, testId, element);
        await input.FillAsync(text);
        await input.BlurAsync();
        await Assertions.Expect(input).ToHaveValueAsync(text);
    }

    /// <summary>MudBlazor puts extra attributes on the input itself or on its wrapper, depending on the component.</summary>
    public static ILocator Input(IPage page, string testId, string element = "input") =>
        page.Locator($"{element}[data-testid='{testId}'], [data-testid='{testId}'] {element}").First;

    /// <summary>Types the unit code into a unit picker and picks the match.</summary>
    public static async Task PickUnitAsync(IPage page, string testId, string code)
    {
        var input = Input(page, testId);
        await input.ClickAsync();
        await input.FillAsync(code);
        // The pick is a round trip to the circuit: the list closes and the field shows the unit (not the typed code). A
        // click that lands while the filtered list is still re-rendering picks nothing, so it is tried again (not waited out).
        var open = page.Locator(".mud-popover-open .mud-list-item");
        for (var attempt = 1; ; attempt++)
        {
            await open.Filter(new LocatorFilterOptions { HasText = code }).First.ClickAsync();
            try
            {
                await Assertions.Expect(open).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
        await Assertions.Expect(input).Not.ToHaveValueAsync(code);
    }
}
