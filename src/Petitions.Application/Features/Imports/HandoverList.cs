using Petitions.Application.Common.Units;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Imports;

/// <summary>
/// The columns of a handover list (交办清单) as inspection teams head them, and how one row becomes a registration.
/// The same headers make the downloadable template.
/// </summary>
public static class HandoverList
{
    public const string Seq = "序号";
    public const string Number = "交办编号";
    public const string ReceivedAt = "受理时间";
    public const string Complainant = "举报人";
    public const string Phone = "联系电话";
    public const string Region = "行政区域";
    public const string Target = "被举报对象";
    public const string Address = "地址";
    public const string Categories = "污染类型";
    public const string Description = "举报内容";

    /// <summary>The template's columns, in order.</summary>
    public static readonly IReadOnlyList<string> Columns = [Seq, Number, ReceivedAt, Complainant, Phone, Region, Target, Address, Categories, Description];

    /// <summary>Columns a list must have (the number may be either 交办编号 or 序号).</summary>
    public static readonly IReadOnlyList<string> Required = [ReceivedAt, Region, Target, Categories, Description];

    /// <summary>The categories a cell names (as enum names), or null with the word it does not know (<see cref="SpreadsheetCells.Categories"/>).</summary>
    public static (IReadOnlyList<string>? Names, string? Unknown) ParseCategories(string? cell)
    {
        var (categories, unknown) = SpreadsheetCells.Categories(cell);
        return (categories?.Select(c => c.ToString()).ToList(), unknown);
    }

    /// <summary>The list's own number of a row: 交办编号, else 序号.</summary>
    public static string? NumberOf(SpreadsheetRow row) =>
        SpreadsheetCells.Text(row.Cells.GetValueOrDefault(Number)) ?? SpreadsheetCells.Text(row.Cells.GetValueOrDefault(Seq));

    /// <summary>The column a registration field comes from (for validation failures of <see cref="RegisterPetition.Validator"/>).</summary>
    public static string ColumnOf(string propertyName) => propertyName switch
    {
        nameof(RegisterPetition.Command.ReceivedAt) => ReceivedAt,
        nameof(RegisterPetition.Command.RegionCode) => Region,
        nameof(RegisterPetition.Command.Target) => Target,
        nameof(RegisterPetition.Command.Address) => Address,
        nameof(RegisterPetition.Command.Categories) => Categories,
        nameof(RegisterPetition.Command.Description) => Description,
        nameof(RegisterPetition.Command.ExternalRef) => Number,
        _ when propertyName.StartsWith("Categories", StringComparison.Ordinal) => Categories,
        _ when propertyName.EndsWith("Phone", StringComparison.Ordinal) => Phone,
        _ when propertyName.StartsWith("Complainant", StringComparison.Ordinal) => Complainant,
        _ => propertyName,
    };

    /// <summary>
    /// One row as the registration it asks for, with the cell errors found while reading it (a region no unit has, a
    /// date that is no date, a pollution type nobody uses). The validator of registrations checks the rest.
    /// </summary>
    public static (RegisterPetition.Command Command, List<HandoverImportCellError> Errors) ToRegistration(
        SpreadsheetRow row, string roundCode, int batchNo, UnitTree tree)
    {
        var errors = new List<HandoverImportCellError>();
        string? Cell(string column) => SpreadsheetCells.Text(row.Cells.GetValueOrDefault(column));

        var number = NumberOf(row);
        if (number is null) errors.Add(new(Number, ValidationCodes.OneOf, "The row has no 交办编号 (or 序号)."));

        var receivedCell = row.Cells.GetValueOrDefault(ReceivedAt);
        var receivedAt = SpreadsheetCells.Instant(receivedCell);
        if (receivedAt is null && SpreadsheetCells.Text(receivedCell) is not null)
            errors.Add(new(ReceivedAt, ValidationCodes.DateText, $"'{SpreadsheetCells.Text(receivedCell)}' is not a date (e.g. 2026-11-20 10:00, 2026/11/20, 2026年11月20日)."));

        var regionCell = Cell(Region);
        var region = SpreadsheetCells.RegionCode(regionCell, tree);
        if (region is null && regionCell is not null)
            errors.Add(new(Region, ValidationCodes.UnknownRegion, $"'{regionCell}' is no active unit's name or code."));

        var (categories, unknown) = ParseCategories(Cell(Categories));
        if (unknown is not null) errors.Add(new(Categories, ValidationCodes.UnknownCategory, $"'{unknown}' is not a pollution type (大气, 水, 土壤, 噪声, 固废, 生态, 辐射, 其他)."));

        var name = Cell(Complainant);
        var phone = Cell(Phone);
        var command = new RegisterPetition.Command
        {
            Channel = nameof(Channel.InspectionHandover),
            ReceivedAt = receivedAt,
            RoundCode = roundCode,
            BatchNo = batchNo,
            ExternalRef = number,
            Complainant = name is null && phone is null ? new RegisterPetition.ComplainantInput(null, null, null, true) : new RegisterPetition.ComplainantInput(name, phone, null, false),
            RegionCode = region,
            Address = Cell(Address),
            Target = Cell(Target),
            Categories = categories,
            Description = Cell(Description),
        };
        return (command, errors);
    }
}
