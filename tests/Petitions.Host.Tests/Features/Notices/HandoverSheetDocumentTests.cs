using System.Net;
using System.Net.Http.Headers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Features.Notices;

/// <summary>
/// The 交办单 (GET /api/petitions/{caseNo}/documents/handover-sheet): a valid .docx and a print view with the case
/// number and the lead unit, the complainant masked for every reader (intake included) even where the description repeats
/// the name or phone; 409 before the case is handed to a unit.
/// </summary>
public abstract class HandoverSheetDocumentTests(PetitionsHost host)
{
    private const string Name = "欧阳铁柱";
    private const string Phone = "13987654321";
    private const string Address = "伊宁市解放路88号3单元502室";

    private readonly CaseDriver cases = new(host);

    private static string Url(string caseNo) => $"/api/petitions/{caseNo}/documents/handover-sheet";

    private async Task<string> Handed()
    {
        var intake = await cases.Intake;
        var body = Complaints.Valid(cases.Now, CaseDriver.Lead, receivedAt: cases.Now.AddDays(-1))
            .With("complainant", new Dictionary<string, object?> { ["name"] = Name, ["phone"] = Phone, ["address"] = Address, ["anonymous"] = false })
            .With("description", $"{Name}（电话{Phone}）反映企业夜间排放刺鼻气味。");
        var caseNo = (await intake.PostJson("/api/petitions", body, 201))["caseNo"]!.GetValue<string>();
        await CaseDriver.Act(intake, caseNo, "assign", new { leadUnit = CaseDriver.Lead, coUnits = new[] { CaseDriver.CoUnit } });
        return caseNo;
    }

    [Fact]
    public async Task The_handover_sheet_is_a_valid_docx_with_the_case_number_and_the_complainant_masked_for_everyone()
    {
        var caseNo = await Handed();
        foreach (var reader in new[] { await cases.Intake, await cases.LeadHandler, await cases.Supervisor })
        {
            var response = await reader.GetAsync(Url(caseNo));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"{caseNo}-handover-sheet.docx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
            using var document = WordprocessingDocument.Open(stream, false);
            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("; ", errors));
            var text = string.Join("\n", document.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));

            Assert.Contains("信访事项交办单", text);
            Assert.Contains($"信访件编号：{caseNo}", text);
            Assert.Contains("信访人：欧***", text);
            Assert.Contains("***（电话***）反映企业夜间排放刺鼻气味。", text);
            Assert.DoesNotContain(Name, text);
            Assert.DoesNotContain(Phone, text);
            Assert.DoesNotContain(Address, text);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, Url(caseNo));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var html = await (await cases.Intake).SendAsync(request);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("data-kind=\"handover-sheet\"", page);
        Assert.Contains(caseNo, page);
        Assert.DoesNotContain(Name, page);
        Assert.DoesNotContain(Phone, page);
    }

    [Fact]
    public async Task A_case_not_yet_handed_to_a_unit_has_no_handover_sheet_409()
    {
        var caseNo = await cases.Registered();
        var response = await (await cases.Intake).GetAsync(Url(caseNo));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("DocumentNotIssued", (await response.Json())["rule"]!.GetValue<string>());
    }
}

public sealed class HandoverSheetDocumentsOnSqlite(SqliteHost host) : HandoverSheetDocumentTests(host), IClassFixture<SqliteHost>;

public sealed class HandoverSheetDocumentsOnPostgres(PostgresHost host) : HandoverSheetDocumentTests(host), IClassFixture<PostgresHost>;
