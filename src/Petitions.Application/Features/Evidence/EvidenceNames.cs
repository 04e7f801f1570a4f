namespace Petitions.Application.Features.Evidence;

/// <summary>
/// The name a file is kept and offered under: the uploaded name when it is a plain file name (no folder, no control
/// character, at most <see cref="MaxLength"/> characters), its extension made to agree with the sniffed type.
/// </summary>
public static class EvidenceNames
{
    public const int MaxLength = 200;

    /// <summary>Why the name cannot be kept, or null when it is a plain file name.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "The file needs a name.";
        if (name.Length > MaxLength) return $"A file name is at most {MaxLength} characters.";
        if (name.Any(char.IsControl)) return "A file name cannot hold control characters.";
        if (name.IndexOfAny(['/', '\\', ':']) >= 0 || name.Trim() is "." or "..") return "A file name cannot hold a folder or drive (/, \\, :).";
        return null;
    }

    /// <summary>The name with the extension of its type ("现场.JPG" stays; "报告.jpg" holding a PDF becomes "报告.jpg.pdf").</summary>
    public static string Normalise(string name, EvidenceType type)
    {
        var trimmed = name.Trim();
        var extension = System.IO.Path.GetExtension(trimmed);
        var agrees = string.Equals(extension, type.Extension, StringComparison.OrdinalIgnoreCase)
                     || type == EvidenceTypes.Jpeg && string.Equals(extension, ".jpeg", StringComparison.OrdinalIgnoreCase)
                     || type == EvidenceTypes.LegacyOffice && extension.ToLowerInvariant() is ".doc" or ".xls" or ".ppt";
        return agrees ? trimmed : trimmed + type.Extension;
    }
}
