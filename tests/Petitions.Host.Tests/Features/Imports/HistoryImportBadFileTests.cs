using System.Net;
using System.Text.Json.Nodes;
using Petitions.Application.Features.Imports.History;
using Petitions.Domain.Common;
using Petitions.Host.Tests.Infrastructure;
using Xunit.Abstractions;
using static Petitions.Host.Tests.Features.Handover.HandoverListFiles;

namespace Petitions.Host.Tests.Features.Imports;

/// <summary>
/// A legacy ledger is read as safely as a handover list: not a spreadsheet, a zip bomb, too many rows, formulas or a
/// 50 MB file is a 400 naming "file", and nothing is stored (no preview, no case).
/// </summary>
public sealed class HistoryImportBadFileTests(SqliteHost host, ITestOutputHelper output) : IClassFixture<SqliteHost>
{
    public static TheoryData<string> BadFiles() => ["text", "zip", "bomb", "rows", "formula", "huge", "columns", "empty"];

    private Dictionary<string, object?> ValidRow()
    {
        var day = ChinaTime.DateOf(host.Clock.GetUtcNow()).AddDays(-30);
        return new Dictionary<string, object?>
        {
            [HistoryLedger.Ref] = $"BAD-{Guid.NewGuid():N}"[..16],
            [HistoryLedger.Received] = $"{day:yyyy-MM-dd} 09:30",
            [HistoryLedger.Region] = "654000",
            [HistoryLedger.Target] = CaseDriver.UniqueTarget(),
            [HistoryLedger.Categories] = "大气",
            [HistoryLedger.Description] = "夜间生产粉尘大",
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_a_400_naming_the_file_and_stores_nothing(string kind)
    {
        var valid = Xlsx([ValidRow()]);
        byte[] file = kind switch
        {
            "text" => "台账编号,来件时间\nT1,2025-01-01\n"u8.ToArray(),
            "zip" => ZipOf("readme.txt"),
            "bomb" => ZipBomb(),
            "rows" => Xlsx(Enumerable.Range(1, 100_001).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?> { [HistoryLedger.Ref] = i })),
            "formula" => WithFormula(valid),
            "huge" => new byte[50 * 1024 * 1024],
            "columns" => Xlsx([new Dictionary<string, object?> { ["名称"] = "某企业", ["日期"] = "2025-01-01" }]),
            _ => Xlsx([new Dictionary<string, object?> { [HistoryLedger.Ref] = null, [HistoryLedger.Received] = null, [HistoryLedger.Region] = null,
                [HistoryLedger.Target] = null, [HistoryLedger.Categories] = null, [HistoryLedger.Description] = null }]),
        };
        var before = await host.StoredCases();
        var previews = await host.Scalar<long>("SELECT COUNT(*) FROM history_imports");

        var response = await (await host.ClientFor("admin")).PostAsync("/api/imports/history", Upload(file, "ledger.xlsx"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {text}");
        var problem = JsonNode.Parse(text)!;
        Assert.NotNull(problem["errors"]!["file"]);
        output.WriteLine($"{kind}: {problem["errors"]!["file"]![0]}");
        Assert.Equal(before, await host.StoredCases());
        Assert.Equal(previews, await host.Scalar<long>("SELECT COUNT(*) FROM history_imports"));
    }

    [Fact]
    public async Task A_ledger_within_the_limits_is_previewed()
    {
        // The control for the theory above: the same valid row, unaltered, is read.
        var response = await (await host.ClientFor("admin")).PostAsync("/api/imports/history", Upload(Xlsx([ValidRow()]), "ledger.xlsx"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(JsonNode.Parse(text)!["valid"]!.GetValue<bool>(), text);
    }

    private static byte[] ZipOf(string name)
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open());
            w.Write("not a workbook");
        }

        return stream.ToArray();
    }
}
