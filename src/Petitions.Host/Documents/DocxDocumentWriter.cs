using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Petitions.Application.Features.Notices;

namespace Petitions.Host.Documents;

/// <summary>
/// Writes a case document as a .docx (A4, 宋体 body, 黑体 title). The East Asian font is named in the document defaults
/// and on every run (w:eastAsia), with zh-CN as the East Asian language, so that Word and WPS pick a Chinese font
/// instead of falling back to one without the glyphs.
/// </summary>
public static class DocxDocumentWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string BodyFont = "宋体";
    private const string TitleFont = "黑体";
    private const string LatinFont = "Times New Roman";

    public static byte[] Write(CaseDocumentContent document)
    {
        // Official size (三号-like 14 pt on 22 pt lines), or 12 pt on 18 pt lines for a document that must fit one page.
        var (bodySize, titleSize, lineSpacing) = document.OnePage ? ("24", "36", "360") : ("28", "40", "440");
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = $"{document.Title} {document.CaseNo}";
            package.PackageProperties.Language = "zh-CN";
            var main = package.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    Fonts(BodyFont),
                    new FontSize { Val = bodySize },
                    new FontSizeComplexScript { Val = bodySize },
                    new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Line = lineSpacing, LineRule = LineSpacingRuleValues.Exact }))));

            var body = new Body();
            body.Append(Line(document.Title, TitleFont, titleSize, JustificationValues.Center, bold: true));
            body.Append(Line($"编号：{document.CaseNo}", BodyFont, document.OnePage ? "21" : "24", JustificationValues.Center));
            if (document.Addressee is { } addressee) body.Append(Line($"{addressee}：", BodyFont, bodySize, JustificationValues.Left));
            foreach (var section in document.Sections)
            {
                if (section.Heading is { } heading) body.Append(Line(heading, TitleFont, bodySize, JustificationValues.Left, bold: false, indent: true));
                foreach (var text in section.Paragraphs) body.Append(Line(text, BodyFont, bodySize, JustificationValues.Both, indent: true));
            }

            body.Append(Line("", BodyFont, bodySize, JustificationValues.Left));
            body.Append(Line(document.Issuer, BodyFont, bodySize, JustificationValues.Right));
            body.Append(Line(NoticeTexts.Date(document.Date), BodyFont, bodySize, JustificationValues.Right));
            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 2098, Right = 1474U, Bottom = 1984, Left = 1588U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static RunFonts Fonts(string eastAsia) =>
        new() { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = eastAsia, ComplexScript = LatinFont, Hint = FontTypeHintValues.EastAsia };

    private static Paragraph Line(string text, string font, string halfPoints, JustificationValues justification, bool bold = false, bool indent = false)
    {
        var paragraphProperties = new ParagraphProperties();
        if (indent) paragraphProperties.Append(new Indentation { FirstLineChars = 200 });
        paragraphProperties.Append(new Justification { Val = justification });

        var runProperties = new RunProperties(Fonts(font));
        if (bold) runProperties.Append(new Bold());
        runProperties.Append(new FontSize { Val = halfPoints }, new FontSizeComplexScript { Val = halfPoints });
        var run = new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return new Paragraph(paragraphProperties, run);
    }
}
