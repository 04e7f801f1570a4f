using System.Globalization;

namespace Petitions.Domain.Evidence;

/// <summary>
/// What a file is evidence of: the case file in general, the registration (the incoming letter), a site visit, a result,
/// a callback, a 复查 / 复核 request (review) or a look-back review.
/// </summary>
public enum EvidenceTargetKind { Case, Registration, SiteVisit, Result, Callback, Review, LookBack }

/// <summary>
/// Where an attachment belongs, written as the API's attachTo: "case" (or nothing), "registration", "site-visit:2",
/// "result" (the latest) or "result:1", "callback:3", "review:1" (the case's 复查 / 复核 request 1), "look-back:1" (its first look-back review). The stored form is
/// always numbered where a number applies ("result:1").
/// </summary>
public readonly record struct EvidenceTarget(EvidenceTargetKind Kind, int? No = null)
{
    public static readonly EvidenceTarget Case = new(EvidenceTargetKind.Case);

    private static readonly IReadOnlyDictionary<string, EvidenceTargetKind> Names = new Dictionary<string, EvidenceTargetKind>(StringComparer.Ordinal)
    {
        ["case"] = EvidenceTargetKind.Case,
        ["registration"] = EvidenceTargetKind.Registration,
        ["site-visit"] = EvidenceTargetKind.SiteVisit,
        ["result"] = EvidenceTargetKind.Result,
        ["callback"] = EvidenceTargetKind.Callback,
        ["review"] = EvidenceTargetKind.Review,
        ["look-back"] = EvidenceTargetKind.LookBack,
    };

    /// <summary>Parses attachTo; null when it is not one of the forms (blank is the case file).</summary>
    public static EvidenceTarget? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Case;
        var parts = text.Trim().Split(':');
        if (parts.Length > 2 || !Names.TryGetValue(parts[0], out var kind)) return null;
        var numbered = kind is EvidenceTargetKind.SiteVisit or EvidenceTargetKind.Result or EvidenceTargetKind.Callback or EvidenceTargetKind.Review or EvidenceTargetKind.LookBack;
        if (parts.Length == 1) return numbered && kind != EvidenceTargetKind.Result ? null : new EvidenceTarget(kind);
        if (!numbered || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var no) || no is < 1 or > 10_000) return null;
        return new EvidenceTarget(kind, no);
    }

    public override string ToString()
    {
        var kind = Kind;
        var name = Names.First(n => n.Value == kind).Key;
        return No is { } no ? $"{name}:{no.ToString(CultureInfo.InvariantCulture)}" : name;
    }
}

/// <summary>A file attached to a case: stored once by its content hash, listed here with the name it was uploaded under.</summary>
public sealed record Attachment(string Id, string Name, long Size, string Sha256, string ContentType, string AttachTo, DateTimeOffset AttachedAt, string AttachedBy);
