using System.Text.RegularExpressions;
using Petitions.Domain.Rectification;

namespace Petitions.Domain.Tests.Rectification;

/// <summary>
/// The importer's parser on the real report. Expected figures come from the report itself, read a second way: the
/// headline sentence of its body, and the raw "整改进展情况：" / numbered lines of each appendix counted by regex.
/// </summary>
public sealed partial class ReportParserTests
{
    public static readonly string Report = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rectification", "rectification-report-2023.txt"));

    private static readonly ParsedReport Parsed = ReportParser.Parse(Report);

    private static string Appendix(int n)
    {
        var first = Report.IndexOf("\n附件①", StringComparison.Ordinal);
        var second = Report.IndexOf("\n附件②", StringComparison.Ordinal);
        return n == 1 ? Report[first..second] : Report[second..];
    }

    [Fact]
    public void The_real_report_places_every_line_and_is_as_of_the_end_of_June_2023()
    {
        Assert.Empty(Parsed.Unplaced);
        Assert.Equal(new DateOnly(2023, 6, 30), Parsed.AsOf);
        Assert.Equal(["新疆维吾尔自治区", "新疆生产建设兵团"], Parsed.Plans.Select(p => p.OwnerName));
        Assert.Equal(45, Parsed.Plans[0].Tasks.Count);
        Assert.Equal(30, Parsed.Plans[1].Tasks.Count);
        Assert.Equal(Enumerable.Range(1, 45), Parsed.Plans[0].Tasks.Select(t => t.Seq));
    }

    [Fact]
    public void Completed_tasks_reproduce_the_headline_14_and_19()
    {
        var headline = Headline().Match(Report);
        Assert.True(headline.Success);
        Assert.Equal(int.Parse(headline.Groups[1].Value), Parsed.Plans[0].Tasks.Count(t => t.Overall!.Value.Status.IsCompleted()));
        Assert.Equal(int.Parse(headline.Groups[2].Value), Parsed.Plans[1].Tasks.Count(t => t.Overall!.Value.Status.IsCompleted()));
        Assert.Equal(14, int.Parse(headline.Groups[1].Value));
        Assert.Equal(19, int.Parse(headline.Groups[2].Value));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_status_as_written_is_counted_as_the_appendix_gives_it(int appendix)
    {
        var raw = StatusLine().Matches(Appendix(appendix)).GroupBy(m => m.Groups[1].Value.Trim()).ToDictionary(g => g.Key, g => g.Count());
        var parsed = Parsed.Plans[appendix - 1].Tasks
            .SelectMany(t => t.SubTasks.Count == 0 ? [t.StatusAsWritten!] : t.SubTasks.Select(s => s.StatusAsWritten))
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(raw.OrderBy(kv => kv.Key), parsed.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void The_status_words_map_to_what_a_manager_counts()
    {
        var region = Parsed.Plans[0].Tasks.GroupBy(t => t.Overall!.Value.Status).ToDictionary(g => g.Key, g => g.Count());
        var corps = Parsed.Plans[1].Tasks.GroupBy(t => t.Overall!.Value.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, region[ProgressStatus.Completed]);
        Assert.Equal(10, region[ProgressStatus.CompletedKeptUp]);
        Assert.Equal(31, region[ProgressStatus.InProgress]);
        Assert.Equal(19, corps[ProgressStatus.Completed]);
        Assert.Equal(11, corps[ProgressStatus.OnSchedule]);
        Assert.False(corps.ContainsKey(ProgressStatus.CompletedKeptUp));
    }

    [Fact]
    public void Task_16_of_the_region_is_split_into_three_parts_with_their_own_deadlines_and_measures()
    {
        var task = Parsed.Plans[0].Tasks.Single(t => t.Number == "十六");
        Assert.Null(task.Deadline);
        Assert.Equal(["（一）", "（二）", "（三）"], task.SubTasks.Select(s => s.Label));
        Assert.Equal([new DateOnly(2023, 10, 31), new DateOnly(2024, 10, 31), new DateOnly(2023, 12, 31)], task.SubTasks.Select(s => s.Deadline!.Date!.Value));
        Assert.Equal([3, 2, 4], task.SubTasks.Select(s => s.Measures.Count));
        Assert.All(task.SubTasks, s => Assert.Equal(ProgressStatus.InProgress, s.Status));
        Assert.Equal(new DateOnly(2023, 10, 31), task.EffectiveDeadline!.Date);
        Assert.StartsWith("乌鲁木齐市推进黑沟河截污治污工作不到位", task.SubTasks[0].Problem);
        // The 兵团's paragraph after measure 4 of part (三) continues that measure.
        Assert.Contains("第六师五家渠市严格落实河湖长制", task.SubTasks[2].Measures[3].Text);
    }

    [Theory]
    [InlineData(1, "三", "2023年底前", "2023-12-31")]
    [InlineData(1, "四", "2024年6月底", "2024-06-30")]
    [InlineData(1, "八", "2025年10月底前", "2025-10-31")]
    [InlineData(1, "十三", "2023年3月底前", "2023-03-31")]
    [InlineData(2, "二十四", "2022年9月15日", "2022-09-15")]
    [InlineData(2, "七", "2025年12月底", "2025-12-31")]
    public void Dated_deadlines_are_read_as_written(int appendix, string number, string written, string date)
    {
        var deadline = Parsed.Plans[appendix - 1].Tasks.Single(t => t.Number == number).Deadline!;
        Assert.Equal(written, deadline.Written);
        Assert.Equal(DateOnly.Parse(date), deadline.Date);
        Assert.False(deadline.Immediate);
    }

    [Theory]
    [InlineData(1, "一", "立行立改，长期坚持")]
    [InlineData(2, "十六", "立行立改、长期坚持")]
    public void Immediate_and_ongoing_deadlines_have_no_date(int appendix, string number, string written)
    {
        var deadline = Parsed.Plans[appendix - 1].Tasks.Single(t => t.Number == number).Deadline!;
        Assert.Equal(written, deadline.Written);
        Assert.Null(deadline.Date);
        Assert.True(deadline.Immediate);
        Assert.True(deadline.Ongoing);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_numbered_measure_of_the_appendix_belongs_to_a_task(int appendix)
    {
        var raw = MeasureLine().Matches(Appendix(appendix)).Count;
        var parsed = Parsed.Plans[appendix - 1].Tasks.SelectMany(t => t.SubTasks.Count == 0 ? t.Measures : t.SubTasks.SelectMany(s => s.Measures)).ToList();
        Assert.Equal(raw, parsed.Count(m => m.No is not null));
        Assert.All(Parsed.Plans[appendix - 1].Tasks, t => Assert.True(t.Measures.Count > 0 || t.SubTasks.All(s => s.Measures.Count > 0), $"task {t.Number} has no measures"));
    }

    [Fact]
    public void Measures_are_numbered_per_task_and_an_unnumbered_paragraph_is_a_measure()
    {
        var region = Parsed.Plans[0].Tasks;
        Assert.Equal([1, 2, 3, 4], region[0].Measures.Select(m => m.No!.Value));
        Assert.StartsWith("加强新发展理念学习宣传", region[0].Measures[0].Text);
        var corps6 = Parsed.Plans[1].Tasks.Single(t => t.Number == "六");
        Assert.Single(corps6.Measures);
        Assert.Null(corps6.Measures[0].No);
        Assert.StartsWith("2022年6月，新疆元昊新能源有限公司", corps6.Measures[0].Text);
        // The signature is not part of the last measure.
        Assert.DoesNotContain("中共新疆维吾尔自治区委员会", Parsed.Plans[1].Tasks[^1].Measures[^1].Text);
    }

    [Fact]
    public void A_copy_with_a_task_heading_removed_is_reported_line_by_line()
    {
        var lines = Report.Split('\n').ToList();
        var heading = lines.FindIndex(l => l.StartsWith("三、2018年以来部分地州", StringComparison.Ordinal));
        lines.RemoveAt(heading);
        var parsed = ReportParser.Parse(string.Join('\n', lines));

        // Line numbers are of the damaged copy: the deadline and status now follow task 二's measures.
        var deadline = lines.FindIndex(heading, l => l.StartsWith("整改时限", StringComparison.Ordinal)) + 1;
        Assert.Contains(parsed.Unplaced, u => u.LineNo == deadline && u.Reason.Contains("整改时限"));
        Assert.Contains(parsed.Unplaced, u => u.LineNo == deadline + 2 && u.Reason.Contains("整改进展情况"));
        Assert.Contains(parsed.Unplaced, u => u.Text.StartsWith("四、", StringComparison.Ordinal));
        Assert.Contains(parsed.Unplaced, u => u.Text.StartsWith("1.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_copy_with_an_unknown_status_word_is_reported_at_that_line()
    {
        var lines = Report.Split('\n').ToList();
        var at = lines.FindIndex(l => l.StartsWith("整改进展情况：已完成", StringComparison.Ordinal));
        lines[at] = "整改进展情况：基本完成";
        var parsed = ReportParser.Parse(string.Join('\n', lines));
        var only = Assert.Single(parsed.Unplaced);
        Assert.Equal(at + 1, only.LineNo);
        Assert.Contains("基本完成", only.Reason);
    }

    [Fact]
    public void Text_without_appendices_is_not_a_ledger()
    {
        var parsed = ReportParser.Parse("截至2023年6月底，自治区已完成14项整改任务。");
        Assert.Empty(parsed.Plans);
        Assert.NotEmpty(parsed.Unplaced);
    }

    [GeneratedRegex(@"自治区已完成(\d+)项整改任务，兵团已完成(\d+)项整改任务")]
    private static partial Regex Headline();

    [GeneratedRegex(@"(?m)^整改进展情况：(.+?)\s*$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"(?m)^\d+\.")]
    private static partial Regex MeasureLine();
}
