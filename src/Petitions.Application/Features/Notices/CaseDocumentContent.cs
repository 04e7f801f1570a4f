using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Notices;

/// <summary>One part of a document: an optional heading (查明事实…) and its paragraphs.</summary>
public sealed record CaseDocumentSection(string? Heading, IReadOnlyList<string> Paragraphs);

/// <summary>
/// A written document of a case (a notice to the complainant, or the 交办单 to the lead unit), ready to render as .docx or as a print view: title, document number, addressee,
/// body, issuing unit and date. Built by <see cref="NoticeTexts"/>; never holds a phone number or an address.
/// </summary>
public sealed record CaseDocumentContent(
    string Slug,
    string CaseNo,
    string Title,
    string? Addressee,
    IReadOnlyList<CaseDocumentSection> Sections,
    string Issuer,
    DateOnly Date)
{
    /// <summary>A document the complainant is given (书面告知): its slug is its kind's.</summary>
    public CaseDocumentContent(CaseDocumentKind kind, string caseNo, string title, string? addressee, IReadOnlyList<CaseDocumentSection> sections, string issuer, DateOnly date)
        : this(DocumentKinds.Slug(kind), caseNo, title, addressee, sections, issuer, date)
    {
    }

    /// <summary>Set so a document fits one A4 page (the 交办单): the writers use a smaller type and tighter lines.</summary>
    public bool OnePage { get; init; }

    /// <summary>The file name of the .docx: case number and slug, ASCII only (safe in every Content-Disposition).</summary>
    public string FileName => $"{CaseNo}-{Slug}.docx";
}
