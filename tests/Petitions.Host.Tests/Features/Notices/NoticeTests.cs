using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Notices;

/// <summary>
/// Written notices (书面告知) and their deliveries (送达) through the API: every document a valid .docx with the case
/// number and a print view; none before the case has it (409); no phone or address in any document; the delivered
/// handling opinion on the complainant's lookup; the acceptance notice's clock.
/// </summary>
public abstract class NoticeTests(PetitionsHost host)
{
    private const string Name = "欧阳铁柱";
    private const string Phone = "13987654321";
    private const string Address = "伊宁市解放路88号3单元502室";

    private readonly CaseDriver cases = new(host);

    private static object Person => new Dictionary<string, object?> { ["name"] = Name, ["phone"] = Phone, ["address"] = Address, ["anonymous"] = false };

    private static string DocumentUrl(string caseNo, string kind) => $"/api/petitions/{caseNo}/documents/{kind}";

    private static async Task<(byte[] Bytes, string Text)> Docx(HttpClient client, string caseNo, string kind)
    {
        var response = await client.GetAsync(DocumentUrl(caseNo, kind));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, $"{kind}: {string.Join("; ", errors)}");
        // Chinese renders in Word and WPS: the East Asian font is named on the runs and in the defaults.
        var fonts = document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>().ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, f => Assert.False(string.IsNullOrEmpty(f.EastAsia?.Value)));
        Assert.NotNull(document.MainDocumentPart.StyleDefinitionsPart!.Styles!.DocDefaults!.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>().Single().EastAsia);
        return (bytes, string.Join("\n", document.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText)));
    }

    private static async Task<string> PrintView(HttpClient client, string caseNo, string kind)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, DocumentUrl(caseNo, kind));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonNode> Deliver(string caseNo, string document, DateTimeOffset? at = null, int expectedStatus = 200) =>
        await CaseDriver.Act(await cases.Intake, caseNo, "deliveries", new { document, method = "Post", deliveredAt = at ?? cases.Now, recipient = "信访人本人" }, expectedStatus);

    [Fact]
    public async Task Every_document_a_case_has_is_a_valid_docx_and_a_print_view_with_the_case_number_and_no_phone_or_address()
    {
        var caseNo = await cases.InProgress(complainant: Person);
        var handler = await cases.LeadHandler;
        await CaseDriver.Act(handler, caseNo, "extension", new { days = 10, reason = "需要委托第三方监测" });
        await CaseDriver.Act(await cases.Supervisor, caseNo, "extension/approve");
        await CaseDriver.Act(handler, caseNo, "site-visits", cases.VisitBody());
        await CaseDriver.Act(handler, caseNo, "result", CaseDriver.ResultBody());

        var intake = await cases.Intake;
        foreach (var kind in new[] { "receipt", "acceptance-notice", "extension-notice", "handling-opinion" })
        {
            var (_, text) = await Docx(intake, caseNo, kind);
            Assert.Contains(caseNo, text);
            Assert.DoesNotContain(Phone, text);
            Assert.DoesNotContain(Address, text);
            var html = await PrintView(intake, caseNo, kind);
            Assert.Contains(caseNo, html);
            Assert.DoesNotContain(Phone, html);
            Assert.DoesNotContain(Address, html);
        }

        var (_, opinion) = await Docx(intake, caseNo, "handling-opinion");
        Assert.Contains("信访事项处理意见书", opinion);
        Assert.Contains("处理意见：支持", opinion);
        Assert.Contains("30日内", opinion);
        Assert.Contains("需要委托第三方监测", (await Docx(intake, caseNo, "extension-notice")).Text);
    }

    [Fact]
    public async Task Intake_sees_the_addressee_by_name_and_a_unit_masked()
    {
        var caseNo = await cases.InProgress(complainant: Person);

        Assert.Contains($"{Name}：", (await Docx(await cases.Intake, caseNo, "acceptance-notice")).Text);
        var masked = (await Docx(await cases.LeadHandler, caseNo, "acceptance-notice")).Text;
        Assert.DoesNotContain(Name, masked);
        Assert.Contains("欧***：", masked);
    }

    [Fact]
    public async Task A_document_the_case_does_not_have_yet_is_a_409_and_an_unknown_kind_a_400_naming_it()
    {
        var caseNo = await cases.Registered();
        var intake = await cases.Intake;

        foreach (var kind in new[] { "acceptance-notice", "refusal-notice", "extension-notice", "handling-opinion", "review-opinion" })
        {
            var response = await intake.GetAsync(DocumentUrl(caseNo, kind));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("DocumentNotIssued", (await response.Json())["rule"]!.GetValue<string>());
        }

        var unknown = await intake.GetAsync(DocumentUrl(caseNo, "love-letter"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Json())["errors"]!["kind"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await intake.GetAsync(DocumentUrl(caseNo, "receipt") + "?format=pdf")).StatusCode);
        await Deliver(caseNo, "handling-opinion", expectedStatus: 409);
    }

    [Fact]
    public async Task The_opinion_follows_the_verdict_unless_named()
    {
        var explained = await cases.InProgress();
        var handler = await cases.LeadHandler;
        await CaseDriver.Act(handler, explained, "site-visits", cases.VisitBody());
        await CaseDriver.Act(handler, explained, "result", CaseDriver.ResultBody("Unsubstantiated"));
        Assert.Contains("处理意见：解释说明", (await Docx(await cases.Intake, explained, "handling-opinion")).Text);

        var refused = await cases.InProgress();
        await CaseDriver.Act(handler, refused, "site-visits", cases.VisitBody());
        var view = await CaseDriver.Act(handler, refused, "result", new Dictionary<string, object?>
        {
            ["verdict"] = "PartlySubstantiated", ["findings"] = "部分属实", ["measures"] = "督促整改", ["publicSummary"] = "已督促整改", ["opinion"] = "NotSupport",
        });
        Assert.Equal("NotSupport", view["result"]!["opinion"]!.GetValue<string>());
        Assert.Contains("处理意见：不予支持", (await Docx(await cases.Intake, refused, "handling-opinion")).Text);

        await CaseDriver.Act(handler, await cases.InProgress(), "result", new { verdict = "Substantiated", findings = "属实", measures = "整改", publicSummary = "已整改", opinion = "Maybe" }, 400);
    }

    [Fact]
    public async Task A_refusal_notice_names_the_competent_body_and_channel_given_with_the_refusal()
    {
        var intake = await cases.Intake;
        var caseNo = await cases.Registered(Person);
        await CaseDriver.Act(intake, caseNo, "not-accept", new { reason = "属于劳动争议", competentBody = "伊宁市劳动人事争议仲裁委员会" }, 400);
        var view = await CaseDriver.Act(intake, caseNo, "not-accept", new { reason = "属于劳动争议", competentBody = "伊宁市劳动人事争议仲裁委员会", competentChannel = "向其申请劳动仲裁" });
        Assert.Equal("伊宁市劳动人事争议仲裁委员会", view["notAcceptedCompetentBody"]!["body"]!.GetValue<string>());

        var text = (await Docx(intake, caseNo, "refusal-notice")).Text;
        Assert.Contains("不予受理告知书", text);
        Assert.Contains("伊宁市劳动人事争议仲裁委员会", text);
        Assert.Contains("向其申请劳动仲裁", text);

        // An existing client that sends only the reason keeps working; its notice invites new facts instead.
        var plain = await cases.Registered();
        await CaseDriver.Act(intake, plain, "not-accept", new { reason = "无有效线索" });
        Assert.Contains("新的事实和理由", (await Docx(intake, plain, "refusal-notice")).Text);
    }

    [Fact]
    public async Task A_delivery_is_on_the_timeline_and_the_delivered_opinion_appears_on_the_lookup_without_personal_data()
    {
        var created = await (await cases.Intake).PostJson("/api/petitions", Complaints.Valid(cases.Now).With("complainant", Person), 201);
        var caseNo = created["caseNo"]!.GetValue<string>();
        var code = created["queryCode"]!.GetValue<string>();
        await CaseDriver.Act(await cases.Intake, caseNo, "assign", new { leadUnit = CaseDriver.Lead });
        await CaseDriver.Act(await cases.LeadHandler, caseNo, "accept");
        await CaseDriver.Act(await cases.LeadHandler, caseNo, "site-visits", cases.VisitBody());
        await CaseDriver.Act(await cases.LeadHandler, caseNo, "result", CaseDriver.ResultBody());

        async Task<JsonNode> Lookup() => await (await host.CreateClient().PostAsJsonAsync("/api/public/lookup", new { caseNo, queryCode = code })).Json();
        Assert.Null((await Lookup())["writtenOpinion"]);

        await Deliver(caseNo, "handling-opinion", cases.Now.AddHours(-2), expectedStatus: 400);
        var view = await Deliver(caseNo, "handling-opinion");
        Assert.Equal("DocumentDelivered", CaseDriver.Types(view).Last());
        var delivery = view["documents"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "handling-opinion")!["deliveries"]!.AsArray().Single()!;
        Assert.Equal("Post", delivery["method"]!.GetValue<string>());

        var opinion = (await Lookup())["writtenOpinion"]!.GetValue<string>();
        Assert.Contains("处理意见：支持", opinion);
        Assert.Contains("复查", opinion);
        foreach (var personal in new[] { Name, Phone, Address }) Assert.DoesNotContain(personal, opinion);
    }

    [Fact]
    public async Task A_missing_acceptance_notice_is_overdue_15_days_after_receipt_until_one_is_delivered()
    {
        var fresh = await cases.Registered();
        var view = await cases.Read(fresh);
        Assert.False(view["acceptanceNoticeOverdue"]!.GetValue<bool>());
        Assert.NotNull(view["acceptanceNoticeDueAt"]);

        var late = await cases.InProgress(receivedAt: cases.Now.AddDays(-20));
        Assert.True((await cases.Read(late))["acceptanceNoticeOverdue"]!.GetValue<bool>());
        var supervisor = await cases.Supervisor;
        var listed = await supervisor.GetJson($"/api/petitions?noticeOverdue=true&q={late}");
        Assert.True(listed.Item(late)["acceptanceNoticeOverdue"]!.GetValue<bool>());
        Assert.DoesNotContain(fresh, (await supervisor.GetJson($"/api/petitions?noticeOverdue=true&q={fresh}")).CaseNos());

        var delivered = await Deliver(late, "acceptance-notice");
        Assert.False(delivered["acceptanceNoticeOverdue"]!.GetValue<bool>());
        Assert.Null(delivered["acceptanceNoticeDueAt"]);
        Assert.DoesNotContain(late, (await supervisor.GetJson($"/api/petitions?noticeOverdue=true&q={late}")).CaseNos());
        Assert.False((await supervisor.GetJson($"/api/petitions?noticeOverdue=false&q={late}")).Item(late)["acceptanceNoticeOverdue"]!.GetValue<bool>());
        await supervisor.GetJson("/api/petitions?noticeOverdue=maybe", 400);
    }
}

public sealed class NoticesOnSqlite(SqliteHost host) : NoticeTests(host), IClassFixture<SqliteHost>;

public sealed class NoticesOnPostgres(PostgresHost host) : NoticeTests(host), IClassFixture<PostgresHost>;
