using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Notices;

/// <summary>One part of a document: an optional heading (查明事实…) and its paragraphs.</summary>
public sealed record CaseDocumentSection(string? Heading, IReadOnlyList<string> Paragraphs);

/// <summary>
/// A written document of a case, ready to render as .docx or as a print view: title, document number, addressee,
/// body, issuing unit and date. Built by <see cref="NoticeTexts"/>; never holds a phone number or an address.
/// </summary>
public sealed record CaseDocumentContent(
    CaseDocumentKind Kind,
    string CaseNo,
    string Title,
    string? Addressee,
    IReadOnlyList<CaseDocumentSection> Sections,
    string Issuer,
    DateOnly Date)
{
    /// <summary>The file name of the .docx: case number and kind, ASCII only (safe in every Content-Disposition).</summary>
    public string FileName => $"{CaseNo}-{DocumentKinds.Slug(Kind)}.docx";
}
