using System.IO.Compression;
using System.Xml;
using MiniExcelLibs;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Imports;

namespace Petitions.Infrastructure.Spreadsheets;

/// <summary>
/// An .xlsx is a zip of XML parts. Before MiniExcel parses it: the upload's size; the zip signature and directory;
/// the number of parts; every part inflated through a counting stream (the sizes a zip declares can lie, so a zip bomb
/// is stopped by what actually comes out); the sheets' XML read without DTDs, counting rows and refusing formulas
/// (a formula's cached value may be stale or hide a computation: an import takes values only).
/// </summary>
public sealed class SafeSpreadsheetReader : ISpreadsheetReader
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];

    public async Task<SpreadsheetTable> ReadAsync(Stream content, string field, SpreadsheetLimits limits, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadBounded(content, field, limits.MaxBytes, cancellationToken);
        if (bytes.Length < ZipSignature.Length || !bytes.AsSpan(0, ZipSignature.Length).SequenceEqual(ZipSignature))
            throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, "The file is not an .xlsx spreadsheet.");

        Inspect(bytes, field, limits);

        List<IDictionary<string, object?>> raw;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            raw = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Take(limits.MaxRows + 2)
                .ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidFieldException)
        {
            throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, "The spreadsheet could not be read.");
        }

        if (raw.Count == 0) throw new InvalidFieldException(field, ValidationCodes.SpreadsheetEmpty, "The spreadsheet has no header row.");
        if (raw.Count - 1 > limits.MaxRows)
            throw new InvalidFieldException(field, ValidationCodes.SpreadsheetTooManyRows, $"The spreadsheet has more than {limits.MaxRows} rows.");

        // The first row heads the columns (by column letter); later rows are read by those headers.
        var header = raw[0].Where(kv => SpreadsheetCells.Text(kv.Value) is not null)
            .Select(kv => (Letter: kv.Key, Name: string.Concat(SpreadsheetCells.Text(kv.Value)!.Where(c => !char.IsWhiteSpace(c)))))
            .ToList();
        if (header.Count > limits.MaxColumns)
            throw new InvalidFieldException(field, ValidationCodes.SpreadsheetColumns, $"The spreadsheet has more than {limits.MaxColumns} columns.");

        var rows = new List<SpreadsheetRow>();
        for (var i = 1; i < raw.Count; i++)
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (letter, name) in header) cells.TryAdd(name, raw[i].TryGetValue(letter, out var value) ? value : null);
            if (cells.Values.All(v => SpreadsheetCells.Text(v) is null)) continue;
            rows.Add(new SpreadsheetRow(i + 1, cells));
        }

        return new SpreadsheetTable(header.Select(h => h.Name).Distinct().ToList(), rows);
    }

    private static async Task<byte[]> ReadBounded(Stream content, string field, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new InvalidFieldException(field, ValidationCodes.SpreadsheetTooLarge, $"The file is larger than {maxBytes / (1024 * 1024)} MB.");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Inspect(byte[] bytes, string field, SpreadsheetLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxEntries)
                throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, $"The file has more than {limits.MaxEntries} parts.");
            if (zip.GetEntry("xl/workbook.xml") is null)
                throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, "The file is a zip archive but not an .xlsx spreadsheet.");
            if (zip.Entries.Sum(e => e.Length) > limits.MaxUncompressedBytes) throw TooLarge(field, limits);

            var budget = limits.MaxUncompressedBytes;
            foreach (var entry in zip.Entries)
            {
                using var inflated = new CountingStream(entry.Open(), budget, () => TooLarge(field, limits));
                if (entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal))
                    InspectSheet(inflated, field, limits);
                else
                    inflated.CopyTo(Stream.Null);
                budget -= inflated.Count;
            }
        }
        catch (InvalidDataException)
        {
            throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, "The file is not a readable .xlsx spreadsheet.");
        }
        catch (XmlException)
        {
            throw new InvalidFieldException(field, ValidationCodes.NotASpreadsheet, "The spreadsheet's sheet is not well-formed.");
        }
    }

    private static void InspectSheet(Stream xml, string field, SpreadsheetLimits limits)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var rows = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName == "f")
                throw new InvalidFieldException(field, ValidationCodes.SpreadsheetFormulas, "The spreadsheet contains formulas: paste the values instead.");
            if (reader.LocalName == "row" && ++rows > limits.MaxRows + 1)
                throw new InvalidFieldException(field, ValidationCodes.SpreadsheetTooManyRows, $"The spreadsheet has more than {limits.MaxRows} rows.");
        }
    }

    private static InvalidFieldException TooLarge(string field, SpreadsheetLimits limits) =>
        new(field, ValidationCodes.SpreadsheetTooLarge, $"The spreadsheet inflates to more than {limits.MaxUncompressedBytes / (1024 * 1024)} MB.");

    /// <summary>Reads through, failing as soon as more than the budget has come out.</summary>
    private sealed class CountingStream(Stream inner, long budget, Func<Exception> exceeded) : Stream
    {
        public long Count { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Count += read;
            if (Count > budget) throw exceeded();
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
