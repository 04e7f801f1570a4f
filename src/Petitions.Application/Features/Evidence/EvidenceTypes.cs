using System.IO.Compression;
using System.Xml;

namespace Petitions.Application.Features.Evidence;

/// <summary>A kind of file accepted as evidence, told by its content (magic bytes), never by its name.</summary>
public sealed record EvidenceType(string ContentType, string Extension, bool IsImage);

/// <summary>
/// Sniffs the type of an upload: JPEG, PNG, GIF, WebP, PDF, Office Open XML (docx/xlsx/pptx: a zip whose
/// [Content_Types].xml names the main part) and legacy Office (the OLE compound-file header: doc/xls/ppt). Anything
/// else is refused; a name's extension is only replaced by the sniffed one.
/// </summary>
public static class EvidenceTypes
{
    public static readonly EvidenceType Jpeg = new("image/jpeg", ".jpg", true);
    public static readonly EvidenceType Png = new("image/png", ".png", true);
    public static readonly EvidenceType Gif = new("image/gif", ".gif", true);
    public static readonly EvidenceType WebP = new("image/webp", ".webp", true);
    public static readonly EvidenceType Pdf = new("application/pdf", ".pdf", false);
    public static readonly EvidenceType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false);
    public static readonly EvidenceType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", false);
    public static readonly EvidenceType Pptx = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", false);
    /// <summary>A legacy Office file (Word 97–2003, Excel 97–2003…): the container says no more than that.</summary>
    public static readonly EvidenceType LegacyOffice = new("application/x-ole-storage", ".doc", false);

    private static readonly (string MainPart, EvidenceType Type)[] OfficeParts =
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Docx),
        ("application/vnd.ms-word.document.macroEnabled.main+xml", Docx),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Xlsx),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Pptx),
    ];

    private static ReadOnlySpan<byte> OleHeader => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The type of the bytes, or null when they are none of the accepted kinds.</summary>
    public static EvidenceType? Sniff(byte[] content)
    {
        var b = content.AsSpan();
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Jpeg;
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return Gif;
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return WebP;
        // PDF readers accept the header within the first kilobyte; files from scanners sometimes start with a little junk.
        if (b[..Math.Min(b.Length, 1024)].IndexOf("%PDF-"u8) >= 0) return Pdf;
        if (b.StartsWith(OleHeader)) return LegacyOffice;
        if (b.StartsWith("PK\u0003\u0004"u8)) return OfficeOpenXml(content);
        return null;
    }

    /// <summary>A zip is an Office document only when its [Content_Types].xml declares a known main part.</summary>
    private static EvidenceType? OfficeOpenXml(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1024 * 1024) return null;
            using var stream = types.Open();
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Override") continue;
                var declared = reader.GetAttribute("ContentType");
                foreach (var (mainPart, type) in OfficeParts)
                {
                    if (string.Equals(declared, mainPart, StringComparison.OrdinalIgnoreCase)) return type;
                }
            }

            return null;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}
