using System.Text;
using System.Text.Encodings.Web;
using Petitions.Application.Features.Notices;

namespace Petitions.Host.Documents;

/// <summary>
/// The print view of a case document: one self-contained HTML page (no script, styles inline) laid out like the .docx,
/// A4 with the official fonts where installed; the browser prints it.
/// </summary>
public static class DocumentPrintView
{
    public const string ContentType = "text/html; charset=utf-8";

    private const string Style =
        """
        @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
        body { font-family: "SimSun", "宋体", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 14pt; line-height: 1.6; max-width: 160mm; margin: 2em auto; color: #000; }
        h1 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 20pt; text-align: center; font-weight: bold; margin: 0 0 .3em; }
        .doc-no { text-align: center; font-size: 12pt; margin-bottom: 1.5em; }
        h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 14pt; font-weight: normal; text-indent: 2em; margin: .5em 0 0; }
        p { text-indent: 2em; text-align: justify; margin: 0; }
        p.addressee { text-indent: 0; }
        .signature { margin-top: 3em; text-align: right; }
        .signature p { text-align: right; text-indent: 0; }
        .hint { font-family: sans-serif; font-size: 10pt; color: #555; border-bottom: 1px solid #ccc; padding-bottom: .5em; margin-bottom: 2em; }
        @media print { .hint { display: none; } body { margin: 0; } }
        article.one-page { font-size: 12pt; line-height: 1.45; }
        article.one-page h1 { font-size: 18pt; }
        article.one-page h2 { font-size: 12pt; }
        article.one-page .signature { margin-top: 1.5em; }
        """;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string Render(CaseDocumentContent document)
    {
        var e = Encoder;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(e.Encode($"{document.Title} {document.CaseNo}"))
            .Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<div class=\"hint\">打印：Ctrl+P · Print: Ctrl+P</div>")
            .Append(document.OnePage ? "<article class=\"one-page\" data-kind=\"" : "<article data-kind=\"").Append(e.Encode(document.Slug)).Append("\">")
            .Append("<h1>").Append(e.Encode(document.Title)).Append("</h1>")
            .Append("<div class=\"doc-no\">编号：").Append(e.Encode(document.CaseNo)).Append("</div>");
        if (document.Addressee is { } addressee) html.Append("<p class=\"addressee\">").Append(e.Encode(addressee)).Append("：</p>");
        foreach (var section in document.Sections)
        {
            if (section.Heading is { } heading) html.Append("<h2>").Append(e.Encode(heading)).Append("</h2>");
            foreach (var text in section.Paragraphs) html.Append("<p>").Append(e.Encode(text)).Append("</p>");
        }

        html.Append("<div class=\"signature\"><p>").Append(e.Encode(document.Issuer)).Append("</p><p>")
            .Append(e.Encode(NoticeTexts.Date(document.Date))).Append("</p></div></article></body></html>");
        return html.ToString();
    }
}
