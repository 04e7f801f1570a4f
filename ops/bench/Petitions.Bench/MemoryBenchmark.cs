using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Petitions.Bench;

/// <summary>
/// `--memory N` (goal 5): N cases imported as handover lists of 10,000 rows (the import's limit per file: upload,
/// preview, commit) into a host process on a fresh database, its resident set sampled from /proc every 250 ms. Reported:
/// the peak resident set against the goal (1.5 GB) beside the same host's resident set when it had started, idle;
/// and the resident set once the imported cases' grains have been idle past the collection age.
/// </summary>
public sealed class MemoryBenchmark(BenchProfile profile, string location, string keyDirectory, int rows, Action<string> log)
{
    private const int RowsPerList = 10_000;

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        var name = profile.ToString();
        await using var host = new HostProcess(profile, location, keyDirectory, ["--Orleans:CollectionAgeMinutes=1", "--Orleans:CollectionQuantumSeconds=10"]);
        await host.WaitForHttpAsync(TimeSpan.FromMinutes(3));
        await host.WaitForCurrentAsync(TimeSpan.FromMinutes(3));
        var idle = host.Resident().Now;
        log($"  memory: host started, resident {Mb(idle)} MB");

        using var admin = await host.ClientForAsync("admin");
        using var intake = await host.ClientForAsync("intake");
        var lists = (rows + RowsPerList - 1) / RowsPerList;
        var round = await ImportBenchmark.NewRound(admin, "MEM", lists);

        var peak = idle;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, host.Resident().Now);
                await Task.Delay(250);
            }
        });

        var received = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        var watch = Stopwatch.StartNew();
        var imported = 0;
        for (var b = 1; b <= lists; b++)
        {
            var count = Math.Min(RowsPerList, rows - imported);
            var sheet = Enumerable.Range(1, count).Select(i => new Dictionary<string, object?>
            {
                ["交办编号"] = $"M{b:D2}-{i:D5}", ["受理时间"] = received.ToString("yyyy-MM-dd HH:mm"), ["行政区域"] = i % 2 == 0 ? "654000" : "654200",
                ["被举报对象"] = $"内存{round}第{b}批{i}号企业有限公司", ["地址"] = $"某工业园区{i}号", ["污染类型"] = "大气、噪声", ["举报内容"] = "夜间排放刺鼻气味",
            }).ToList();
            using var file = new MemoryStream();
            file.SaveAs(sheet);
            var content = new ByteArrayContent(file.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            var upload = await intake.PostAsync($"/api/rounds/{round}/batches/{b}/imports", new MultipartFormDataContent { { content, "file", $"memory-{b}.xlsx" } });
            upload.EnsureSuccessStatusCode();
            var preview = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
            if (!preview["valid"]!.GetValue<bool>()) throw new InvalidOperationException("The bench list did not preview as valid.");
            (await intake.PostAsync($"/api/imports/{preview["importId"]!.GetValue<string>()}/commit", null)).EnsureSuccessStatusCode();
            imported += count;
            log($"  memory: {imported:N0} cases imported in {watch.Elapsed.TotalSeconds:F0} s, resident {Mb(host.Resident().Now)} MB, peak so far {Mb(peak)} MB");
        }

        var importTime = watch.Elapsed;
        var afterImport = await SnapshotAsync(host);
        // The imported cases' grains are idle from here on: collection (age 1 minute here, 10 by default) deactivates them.
        await Task.Delay(TimeSpan.FromSeconds(150));
        var afterCollection = await SnapshotAsync(host);
        await sampling.CancelAsync();
        await sampler;
        var highWater = host.Resident().Peak;
        foreach (var line in host.Output.Where(l => l.Contains("Idle host", StringComparison.Ordinal))) log($"  host: {line}");
        log($"  memory: peak resident {Mb(peak)} MB (high-water mark {Mb(highWater)} MB); after the import {afterImport}; 150 s idle later {afterCollection}");
        return
        [
            new(name, $"memory: peak resident set while importing {rows:N0} cases ({lists} handover lists)", Mb(highWater), Mb(idle), "MB",
                "the same host's resident set after start, idle (goal: peak < 1,536 MB)", false,
                $"{importTime.TotalSeconds:F0} s, {rows / importTime.TotalSeconds:F0} cases/s; after the import {afterImport}; 150 s idle later (collection age 1 min) {afterCollection}"),
        ];
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    /// <summary>The resident set, the managed heap at the last collection and the grain activations recently active (Orleans' working set).</summary>
    private static async Task<string> SnapshotAsync(HostProcess host)
    {
        var heap = await host.MetricAsync("dotnet_gc_last_collection_heap_size_bytes");
        var active = await host.MetricAsync("orleans_catalog_activation_working_set");
        var created = await host.MetricAsync("orleans_catalog_activation_created_total");
        return $"resident {Mb(host.Resident().Now)} MB, managed heap {Mb((long)heap)} MB, {active:F0} activations in Orleans' working set ({created:F0} created so far)";
    }
}
