using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using MiniExcelLibs;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Exports;

/// <summary>GET /export/cases.xlsx (the case list's export, cookie sign-in): closing date and result text, never the complainant.</summary>
public abstract partial class CaseExportTests(PetitionsHost host)
{
    private readonly CaseDriver cases = new(host);

    [Fact]
    public async Task The_xlsx_export_has_the_closing_date_and_the_result_text_and_no_complainant()
    {
        var target = CaseDriver.UniqueTarget("导出列测试");
        var closed = await cases.Assigned(new CaseSpec { Target = target }, CaseDriver.Lead);
        await cases.CloseAssigned(closed);
        var open = await cases.Register(new CaseSpec { Target = target.Replace("有限公司", "分厂") });
        var closedAt = (await cases.Get(closed)).Closure!.ClosedAt;
        var result = (await cases.Get(closed)).Result!;

        var browser = await SignedInBrowserAsync("supervisor");
        var response = await browser.GetAsync("/export/cases.xlsx?q=" + Uri.EscapeDataString(target[..^4]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();

        var closedRow = rows.Single(r => (string?)r["案件编号"] == closed);
        var openRow = rows.Single(r => (string?)r["案件编号"] == open);
        Assert.Equal(TimeZoneInfo.ConvertTime(closedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd"), closedRow["办结日期"]?.ToString());
        Assert.Equal(result.PublicSummary, closedRow["办理结果"]?.ToString());
        Assert.True(openRow["办结日期"] is null || openRow["办结日期"]!.ToString() == "");
        Assert.True(openRow["办理结果"] is null || openRow["办理结果"]!.ToString() == "");

        // The workbook's every cell: no complainant name or phone, not even masked.
        var cells = string.Join("\n", MiniExcel.Query(new MemoryStream(bytes)).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => v?.ToString()));
        Assert.DoesNotContain(CaseDriver.ComplainantName, cells);
        Assert.DoesNotContain(CaseDriver.ComplainantName[..1] + "*", cells);
        Assert.DoesNotContain(CaseDriver.ComplainantPhone[^4..], cells);
    }

    [Fact]
    public async Task A_handler_exports_only_the_results_of_cases_they_may_see()
    {
        var target = CaseDriver.UniqueTarget("导出范围测试");
        var mine = await cases.Assigned(new CaseSpec { Region = CaseDriver.Lead, Target = target }, CaseDriver.Lead);
        await cases.CloseAssigned(mine);
        var others = await cases.Register(new CaseSpec { Region = CaseDriver.Elsewhere, Target = target.Replace("有限公司", "分公司") });
        await cases.Assign(others, CaseDriver.Elsewhere);

        var browser = await SignedInBrowserAsync($"handler.{CaseDriver.Lead}");
        var bytes = await browser.GetByteArrayAsync("/export/cases.xlsx?q=" + Uri.EscapeDataString(target[..^4]));
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => (string?)r["案件编号"] == mine && !string.IsNullOrEmpty(r["办理结果"]?.ToString()));
        Assert.DoesNotContain(rows, r => (string?)r["案件编号"] == others);
    }

    /// <summary>A cookie session as the web UI gets it: the sign-in page's antiforgery token, then the form post.</summary>
    private async Task<HttpClient> SignedInBrowserAsync(string username)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/signin");
        var input = AntiforgeryInput().Match(page).Value;
        var token = InputValue().Match(input).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the sign-in page has no antiforgery token");
        var signIn = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = PetitionsHost.DemoPassword, ["returnUrl"] = "/", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("/signin", signIn.Headers.Location?.ToString() ?? "");
        return client;
    }

    [GeneratedRegex("<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex InputValue();
}

public sealed class CaseExportOnSqlite(SqliteHost host) : CaseExportTests(host), IClassFixture<SqliteHost>;

public sealed class CaseExportOnPostgres(PostgresHost host) : CaseExportTests(host), IClassFixture<PostgresHost>;
