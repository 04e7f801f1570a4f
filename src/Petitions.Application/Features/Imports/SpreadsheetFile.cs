namespace Petitions.Application.Features.Imports;

/// <summary>How much of a spreadsheet an import accepts before reading a single cell.</summary>
public sealed record SpreadsheetLimits
{
    /// <summary>The uploaded file.</summary>
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;
    /// <summary>Data rows (the header row not counted).</summary>
    public int MaxRows { get; init; } = 10_000;
    public int MaxColumns { get; init; } = 64;
    /// <summary>The zip's parts once inflated (a zip bomb stops here, measured while inflating, not trusted from the directory).</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;
    public int MaxEntries { get; init; } = 500;
}

/// <summary>A data row of the first sheet: its row number as the spreadsheet program shows it, and its cells by header.</summary>
public sealed record SpreadsheetRow(int RowNo, IReadOnlyDictionary<string, object?> Cells);

/// <summary>The first sheet, headed by its first row (headers trimmed, blanks in them removed).</summary>
public sealed record SpreadsheetTable(IReadOnlyList<string> Headers, IReadOnlyList<SpreadsheetRow> Rows);

/// <summary>
/// Reads an uploaded .xlsx safely: the size, the zip's entries and inflated bytes, the row count and formulas are
/// checked before MiniExcel parses anything. Refusals are <see cref="Common.Errors.InvalidFieldException"/> on the
/// given field with a <see cref="Common.Validation.ValidationCodes"/> spreadsheet code (400).
/// </summary>
public interface ISpreadsheetReader
{
    Task<SpreadsheetTable> ReadAsync(Stream content, string field, SpreadsheetLimits limits, CancellationToken cancellationToken = default);
}
