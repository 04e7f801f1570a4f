using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using MiniExcelLibs;

namespace Petitions.Host.Tests.Features.Handover;

/// <summary>Handover lists and bad files built in memory, and their upload as the browser or a client sends it.</summary>
public static partial class HandoverListFiles
{
    public static byte[] Xlsx(IEnumerable<IDictionary<string, object?>> rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows.Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Value)).ToList());
        return stream.ToArray();
    }

    /// <summary>A row with every column; the complainant and contact given, the region by code.</summary>
    public static Dictionary<string, object?> Row(string number, object? receivedAt, string region, string target,
        string? name = null, string? phone = null, string categories = "大气、噪声", string description = "夜间排放刺鼻气味") => new()
    {
        ["序号"] = number,
        ["交办编号"] = number,
        ["受理时间"] = receivedAt,
        ["举报人"] = name,
        ["联系电话"] = phone,
        ["行政区域"] = region,
        ["被举报对象"] = target,
        ["地址"] = "某工业园区",
        ["污染类型"] = categories,
        ["举报内容"] = description,
    };

    public static MultipartFormDataContent Upload(byte[] bytes, string fileName = "list.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>A valid list whose first data cell is computed by a formula.</summary>
    public static byte[] WithFormula(byte[] xlsx)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = reader.ReadToEnd();
            var withFormula = CellStart().Replace(xml, m => m.Value + $"<{m.Groups[1].Value}f>1+1</{m.Groups[1].Value}f>", 1);
            Assert.NotEqual(xml, withFormula);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open(), new UTF8Encoding(false));
            writer.Write(withFormula);
        }

        return stream.ToArray();
    }

    /// <summary>An .xlsx-looking zip with a part that inflates far beyond any list (zeros compress about 1000:1).</summary>
    public static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open())) w.Write("<workbook/>");
            using var bomb = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++) bomb.Write(zeros);
        }

        return stream.ToArray();
    }

    [GeneratedRegex(@"<(\w+:)?c\b[^>]*[^/]>")]
    private static partial Regex CellStart();
}
