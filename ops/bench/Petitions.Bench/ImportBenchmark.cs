using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Petitions.Bench;

/// <summary>
/// A handover list of N rows imported (upload + preview, then commit) against the same N rows registered one by one
/// through POST /api/petitions, each into a batch of its own round on the same host (ops/bench/import.sh).
/// </summary>
public sealed class ImportBenchmark(BenchHost host, int rows, Action<string> log)
{
    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var admin = await host.ClientFor("admin");
        var intake = await host.ClientFor("intake");
        var received = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        var listRound = await NewRound(admin, "IMP");
        var apiRound = await NewRound(admin, "API");
        string Region(int i) => i % 2 == 0 ? "654000" : "654200";
        string Target(string round, int i) => $"基准{round}企业{i}有限公司";

        var sheet = Enumerable.Range(1, rows).Select(i => new Dictionary<string, object?>
        {
            ["交办编号"] = $"B{i:D5}", ["受理时间"] = received.ToString("yyyy-MM-dd HH:mm"), ["行政区域"] = Region(i),
            ["被举报对象"] = Target(listRound, i), ["地址"] = "某工业园区", ["污染类型"] = "大气、噪声", ["举报内容"] = "夜间排放刺鼻气味",
        }).ToList();
        using var file = new MemoryStream();
        file.SaveAs(sheet);

        var watch = Stopwatch.StartNew();
        var content = new ByteArrayContent(file.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var upload = await intake.PostAsync($"/api/rounds/{listRound}/batches/1/imports", new MultipartFormDataContent { { content, "file", "bench.xlsx" } });
        upload.EnsureSuccessStatusCode();
        var preview = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        if (!preview["valid"]!.GetValue<bool>()) throw new InvalidOperationException("The bench list did not preview as valid.");
        var previewSeconds = watch.Elapsed.TotalSeconds;
        var commit = await intake.PostAsync($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", null);
        commit.EnsureSuccessStatusCode();
        var importSeconds = watch.Elapsed.TotalSeconds;
        log($"   import of {rows} rows: preview {previewSeconds:F1} s, preview + commit {importSeconds:F1} s");

        watch.Restart();
        for (var i = 1; i <= rows; i++)
        {
            var response = await intake.PostAsJsonAsync("/api/petitions", new
            {
                channel = "InspectionHandover", receivedAt = received, roundCode = apiRound, batchNo = 1, externalRef = $"B{i:D5}",
                complainant = new { anonymous = true }, regionCode = Region(i), address = "某工业园区", target = Target(apiRound, i),
                categories = new[] { "Air", "Noise" }, description = "夜间排放刺鼻气味",
            });
            response.EnsureSuccessStatusCode();
        }

        var apiSeconds = watch.Elapsed.TotalSeconds;
        log($"   {rows} rows one by one through POST /api/petitions: {apiSeconds:F1} s");
        return
        [
            new Figure(host.Profile.ToString(), $"handover list import, {rows} rows (upload, preview, commit)", importSeconds * 1000, apiSeconds * 1000, "ms",
                "the same rows one by one through POST /api/petitions", HigherIsBetter: false, Note: $"preview alone {previewSeconds:F1} s"),
        ];
    }

    /// <summary>A new inspection round (code <paramref name="prefix"/> + 6 random characters) with batches 1 … <paramref name="batches"/>.</summary>
    public static async Task<string> NewRound(HttpClient admin, string prefix, int batches = 1)
    {
        var code = $"{prefix}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        (await admin.PostAsJsonAsync("/api/rounds", new { code, name = $"基准{code}", startsOn = "2026-01-01", handlingDays = 10 })).EnsureSuccessStatusCode();
        for (var b = 1; b <= batches; b++)
            (await admin.PostAsJsonAsync($"/api/rounds/{code}/batches", new { batchNo = b, handedOverOn = "2026-01-02" })).EnsureSuccessStatusCode();
        return code;
    }
}
