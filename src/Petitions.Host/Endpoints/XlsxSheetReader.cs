using System.Globalization;
using MiniExcelLibs;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Imports.History;

namespace Petitions.Host.Endpoints;

/// <summary>
/// Reads an uploaded .xlsx with MiniExcel, streaming: the first sheet's rows by header, every cell as text (Excel dates
/// as yyyy-MM-dd HH:mm). Not a spreadsheet, a damaged one, or more rows than allowed: a 400 on "file".
/// </summary>
public sealed class XlsxSheetReader : ISpreadsheetReader
{
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> ReadRows(byte[] content, int maxRows)
    {
        var rows = new List<IReadOnlyDictionary<string, string?>>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
            {
                var cells = new Dictionary<string, string?>();
                foreach (var (key, value) in row)
                {
                    if (!string.IsNullOrWhiteSpace(key)) cells[key.Trim()] = Cell(value);
                }

                if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(cells);
                if (rows.Count > maxRows) throw Bad($"The ledger has more than {maxRows} rows: split it.");
            }
        }
        catch (Exception e) when (e is not InvalidFieldException)
        {
            throw Bad("The file is not a readable .xlsx spreadsheet.");
        }

        return rows;
    }

    private static string? Cell(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static InvalidFieldException Bad(string message) => new("file", ValidationCodes.Spreadsheet, message);
}
