using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using SkiaSharp;

namespace Petitions.Host.Tests.Features.Evidence;

/// <summary>Files of each kind, made here (unique bytes per call unless said otherwise), and the multipart request that carries one.</summary>
public static class EvidenceSamples
{
    public static byte[] Png(int width = 800, int height = 600) => Image(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width = 640, int height = 480) => Image(width, height, SKEncodedImageFormat.Jpeg);

    private static byte[] Image(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            var seed = Random.Shared.Next();
            canvas.Clear(new SKColor((byte)seed, (byte)(seed >> 8), (byte)(seed >> 16)));
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        $"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {Guid.NewGuid()}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A zip with [Content_Types].xml naming <paramref name="mainPart"/> (a Word document by default).</summary>
    public static byte[] OfficeZip(string mainPart = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                writer.Write($"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{mainPart}"/></Types>""");
            }

            using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            {
                writer.Write($"<document>{Guid.NewGuid()}</document>");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A legacy Office file: the OLE compound-file header and a sector of padding.</summary>
    public static byte[] LegacyOffice() =>
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Guid.NewGuid().ToByteArray(), .. new byte[512]];

    public static byte[] Text() => Encoding.UTF8.GetBytes($"这不是图片 {Guid.NewGuid()}");

    /// <summary>
    /// A multipart upload: the file part named "file" (or <paramref name="field"/>) under <paramref name="fileName"/>,
    /// written raw (RFC 5987 filename*) so that names with a path or control characters reach the server as sent.
    /// </summary>
    public static MultipartFormDataContent Upload(byte[]? content, string fileName, string? attachTo = null, string field = "file")
    {
        var form = new MultipartFormDataContent();
        if (content is not null)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{field}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
            form.Add(part);
        }

        if (attachTo is not null) form.Add(new StringContent(attachTo), "attachTo");
        return form;
    }
}
