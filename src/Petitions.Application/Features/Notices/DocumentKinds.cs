using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Notices;

/// <summary>The names of the documents in URLs and request bodies: receipt, acceptance-notice, … (the enum names are accepted too).</summary>
public static class DocumentKinds
{
    public static readonly IReadOnlyList<string> Slugs = Enum.GetValues<CaseDocumentKind>().Select(Slug).ToList();

    /// <summary>AcceptanceNotice → acceptance-notice.</summary>
    public static string Slug(CaseDocumentKind kind) =>
        string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    /// <summary>The kind named by a slug or an enum name (any case), or null.</summary>
    public static CaseDocumentKind? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        foreach (var kind in Enum.GetValues<CaseDocumentKind>())
        {
            if (string.Equals(Slug(kind), trimmed, StringComparison.OrdinalIgnoreCase) || string.Equals(kind.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
                return kind;
        }

        return null;
    }
}
