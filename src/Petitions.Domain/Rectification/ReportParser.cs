using System.Text.RegularExpressions;

namespace Petitions.Domain.Rectification;

/// <summary>A line of a report the parser could not place in the ledger, and why.</summary>
public sealed record UnplacedLine(int LineNo, string Text, string Reason);

public sealed record ParsedReport(DateOnly? AsOf, IReadOnlyList<ParsedPlan> Plans, IReadOnlyList<UnplacedLine> Unplaced);

/// <summary>One appendix (附件①): the ledger of one owner (the title names it before "贯彻落实").</summary>
public sealed record ParsedPlan(string Appendix, string Title, string OwnerName, int LineNo, IReadOnlyList<ParsedTask> Tasks);

public sealed record ParsedTask(int Seq, string Number, string Problem, RectificationDeadline? Deadline, string? StatusAsWritten,
    ProgressStatus? Status, IReadOnlyList<RectificationMeasure> Measures, IReadOnlyList<RectificationSubTask> SubTasks, int LineNo)
{
    /// <summary>The task's status: its own, or for a split task the least advanced of its parts.</summary>
    public (ProgressStatus Status, string Written)? Overall => SubTasks.Count == 0
        ? Status is { } own ? (own, StatusAsWritten!) : null
        : SubTasks.OrderBy(s => Rank(s.Status)).Select(s => (s.Status, s.StatusAsWritten)).First();

    /// <summary>The deadline a split task is held to: the earliest of its parts' dates.</summary>
    public RectificationDeadline? EffectiveDeadline => SubTasks.Count == 0
        ? Deadline
        : SubTasks.Select(s => s.Deadline).Where(d => d?.Date is not null).OrderBy(d => d!.Date).FirstOrDefault() ?? SubTasks[0].Deadline;

    private static int Rank(ProgressStatus status) => status switch
    {
        ProgressStatus.InProgress => 0,
        ProgressStatus.OnSchedule => 1,
        _ => 2,
    };
}

/// <summary>
/// Reads the appendices of a rectification progress report (整改进展情况) in its text form: "附件①" opens a plan
/// whose title follows; "一、…" opens a task; "（一）…" a part of a split task; "整改时限：" and "整改进展情况："
/// give deadline and status; numbered lines "1." are measures and unnumbered paragraphs continue the measure before
/// them. Text before the first appendix is the report's body (its "截至YYYY年M月底" is the as-of date); the
/// signature block after the last measure (issuer lines and a date) is not part of the ledger. Every other line
/// that does not fit where it stands is reported, with its number and the reason; nothing is guessed.
/// </summary>
public static partial class ReportParser
{
    public static ParsedReport Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var unplaced = new List<UnplacedLine>();
        var plans = new List<PlanBuilder>();
        var end = SignatureStart(lines);
        DateOnly? asOf = null;
        PlanBuilder? plan = null;

        for (var i = 0; i < end; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0) continue;

            if (AppendixMark().Match(line) is { Success: true } mark)
            {
                plan = new PlanBuilder(mark.Groups[1].Value, lineNo);
                plans.Add(plan);
                continue;
            }

            if (plan is null)
            {
                asOf ??= AsOfIn(line);
                continue;
            }

            if (TaskHeading().Match(line) is { Success: true } heading)
            {
                var seq = ChineseNumber(heading.Groups[1].Value);
                var expected = plan.Tasks.Count == 0 ? 1 : plan.Tasks[^1].Seq + 1;
                if (seq != expected)
                    unplaced.Add(new(lineNo, line, $"Task {heading.Groups[1].Value} follows task {(plan.Tasks.Count == 0 ? "(none)" : plan.Tasks[^1].Number)}: a task heading is missing or out of order."));
                plan.Tasks.Add(new TaskBuilder(seq, heading.Groups[1].Value, heading.Groups[2].Value.Trim(), lineNo));
                continue;
            }

            var task = plan.Tasks.Count == 0 ? null : plan.Tasks[^1];
            if (task is null)
            {
                if (plan.Tasks.Count == 0 && !plan.TitleDone) plan.Title.Add(line);
                else unplaced.Add(new(lineNo, line, "Text before the plan's first task heading."));
                continue;
            }

            plan.TitleDone = true;
            if (SubHeading().Match(line) is { Success: true } sub)
            {
                if (task.Deadline is not null || task.Status is not null)
                    unplaced.Add(new(lineNo, line, $"Part {sub.Groups[1].Value} of task {task.Number} comes after the task's own deadline or status."));
                else if (ChineseNumber(sub.Groups[1].Value) != task.Parts.Count + 1)
                    unplaced.Add(new(lineNo, line, $"Part {sub.Groups[1].Value} of task {task.Number} is out of order."));
                task.Parts.Add(new PartBuilder($"（{sub.Groups[1].Value}）", sub.Groups[2].Value.Trim(), lineNo));
                continue;
            }

            var target = task.Parts.Count > 0 ? (IEntryBuilder)task.Parts[^1] : task;
            if (DeadlineLine().Match(line) is { Success: true } deadlineLine)
            {
                if (target.DeadlineSeen)
                {
                    unplaced.Add(new(lineNo, line, $"A second 整改时限 for task {task.Number}: a task heading is missing."));
                    continue;
                }

                target.DeadlineSeen = true;
                var deadline = RectificationDeadline.TryParse(deadlineLine.Groups[1].Value);
                if (deadline is null) unplaced.Add(new(lineNo, line, $"Unknown deadline form '{deadlineLine.Groups[1].Value.Trim()}'."));
                target.Deadline = deadline;
                continue;
            }

            if (StatusLine().Match(line) is { Success: true } statusLine)
            {
                var written = statusLine.Groups[1].Value.Trim();
                if (target.StatusSeen)
                {
                    unplaced.Add(new(lineNo, line, $"A second 整改进展情况 for task {task.Number}: a task heading is missing."));
                    continue;
                }

                target.StatusSeen = true;
                if (!target.DeadlineSeen) unplaced.Add(new(lineNo, line, $"整改进展情况 of task {task.Number} comes before its 整改时限."));
                var status = StatusVocabulary.TryMap(written);
                if (status is null) unplaced.Add(new(lineNo, line, $"Unknown status '{written}'."));
                target.Status = status;
                target.StatusAsWritten = written;
                continue;
            }

            if (!target.StatusSeen)
            {
                unplaced.Add(new(lineNo, line, $"Text in task {task.Number} before its 整改时限 and 整改进展情况."));
                continue;
            }

            if (MeasureLine().Match(line) is { Success: true } measure)
            {
                var no = int.Parse(measure.Groups[1].Value);
                var expectedNo = (target.Measures.LastOrDefault(m => m.No is not null)?.No ?? 0) + 1;
                if (no != expectedNo)
                {
                    unplaced.Add(new(lineNo, line, $"Measure {no} in task {task.Number} where {expectedNo} was expected: a task heading is missing or a measure is out of order."));
                    continue;
                }

                target.Measures.Add(new RectificationMeasure(no, measure.Groups[2].Value.Trim()));
                continue;
            }

            // An unnumbered paragraph continues the measure before it, or is the task's only (unnumbered) measure.
            if (target.Measures.Count == 0) target.Measures.Add(new RectificationMeasure(null, line));
            else target.Measures[^1] = target.Measures[^1] with { Text = target.Measures[^1].Text + "\n" + line };
        }

        foreach (var p in plans)
        {
            if (p.Tasks.Count == 0) unplaced.Add(new(p.LineNo, $"附件{p.Appendix}", "The appendix has no tasks."));
            foreach (var t in p.Tasks)
            {
                foreach (var entry in t.Parts.Count == 0 ? [t] : t.Parts.Cast<IEntryBuilder>())
                {
                    var label = entry is PartBuilder part ? $"{t.Number}{part.Label}" : t.Number;
                    if (!entry.DeadlineSeen) unplaced.Add(new(entry.LineNo, entry.Heading, $"Task {label} has no 整改时限."));
                    if (!entry.StatusSeen) unplaced.Add(new(entry.LineNo, entry.Heading, $"Task {label} has no 整改进展情况."));
                }
            }
        }

        if (plans.Count == 0) unplaced.Add(new(0, "", "No appendix (附件①) with tasks was found."));
        return new ParsedReport(asOf, plans.Select(p => p.Build()).ToList(), unplaced.OrderBy(u => u.LineNo).ToList());
    }

    /// <summary>The signature block: trailing short lines without a full stop, ending with a date line.</summary>
    private static int SignatureStart(string[] lines)
    {
        var last = lines.Length - 1;
        while (last >= 0 && lines[last].Trim().Length == 0) last--;
        if (last < 0 || !DateLine().IsMatch(lines[last].Trim())) return lines.Length;
        var start = last;
        while (start - 1 >= 0 && IsSignatureLine(lines[start - 1])) start--;
        return start;
    }

    private static bool IsSignatureLine(string line)
    {
        var text = line.Trim();
        return text.Length == 0 || (text.Length <= 30 && !text.Contains('。') && !text.Contains('：') && !MeasureLine().IsMatch(text) && !TaskHeading().IsMatch(text));
    }

    private static DateOnly? AsOfIn(string line)
    {
        var match = AsOfMark().Match(line);
        if (!match.Success) return null;
        var year = int.Parse(match.Groups[1].Value);
        var month = int.Parse(match.Groups[2].Value);
        return month is >= 1 and <= 12 ? new DateOnly(year, month, DateTime.DaysInMonth(year, month)) : null;
    }

    /// <summary>一 … 九十九 (the numbers of tasks and parts).</summary>
    public static int ChineseNumber(string text)
    {
        const string digits = "零一二三四五六七八九";
        var ten = text.IndexOf('十');
        if (ten < 0) return text.Length == 1 ? digits.IndexOf(text[0]) : -1;
        var tens = ten == 0 ? 1 : digits.IndexOf(text[0]);
        var units = ten == text.Length - 1 ? 0 : digits.IndexOf(text[ten + 1]);
        return tens < 0 || units < 0 ? -1 : tens * 10 + units;
    }

    [GeneratedRegex(@"^附件([①②③④⑤⑥⑦⑧⑨⑩])$")]
    private static partial Regex AppendixMark();

    [GeneratedRegex(@"^([一二三四五六七八九十]{1,3})、(.+)$")]
    private static partial Regex TaskHeading();

    [GeneratedRegex(@"^（([一二三四五六七八九十]{1,3})）(.+)$")]
    private static partial Regex SubHeading();

    [GeneratedRegex(@"^整改时限[：:](.*)$")]
    private static partial Regex DeadlineLine();

    [GeneratedRegex(@"^整改进展情况[：:](.*)$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^(\d{1,2})[.．](.+)$")]
    private static partial Regex MeasureLine();

    [GeneratedRegex(@"^\d{4}年\d{1,2}月\d{1,2}日$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"截至(\d{4})年(\d{1,2})月底")]
    private static partial Regex AsOfMark();

    private interface IEntryBuilder
    {
        int LineNo { get; }
        string Heading { get; }
        bool DeadlineSeen { get; set; }
        bool StatusSeen { get; set; }
        RectificationDeadline? Deadline { get; set; }
        ProgressStatus? Status { get; set; }
        string? StatusAsWritten { get; set; }
        List<RectificationMeasure> Measures { get; }
    }

    private sealed class PlanBuilder(string appendix, int lineNo)
    {
        public int LineNo { get; } = lineNo;
        public string Appendix { get; } = appendix;
        public List<string> Title { get; } = [];
        public bool TitleDone { get; set; }
        public List<TaskBuilder> Tasks { get; } = [];

        public ParsedPlan Build()
        {
            var title = string.Concat(Title);
            var owner = title.IndexOf("贯彻落实", StringComparison.Ordinal) is var at and > 0 ? title[..at] : title;
            return new ParsedPlan(Appendix, title, owner, LineNo, Tasks.Select(t => t.Build()).ToList());
        }
    }

    private sealed class TaskBuilder(int seq, string number, string problem, int lineNo) : IEntryBuilder
    {
        public int Seq { get; } = seq;
        public string Number { get; } = number;
        public int LineNo { get; } = lineNo;
        public string Heading => $"{Number}、{problem}";
        public bool DeadlineSeen { get; set; }
        public bool StatusSeen { get; set; }
        public RectificationDeadline? Deadline { get; set; }
        public ProgressStatus? Status { get; set; }
        public string? StatusAsWritten { get; set; }
        public List<RectificationMeasure> Measures { get; } = [];
        public List<PartBuilder> Parts { get; } = [];

        public ParsedTask Build() => new(Seq, Number, problem, Deadline, StatusAsWritten, Status, Measures.ToList(),
            Parts.Select(p => new RectificationSubTask(p.Label, p.Problem, p.Deadline, p.StatusAsWritten ?? "", p.Status ?? ProgressStatus.InProgress, p.Measures.ToList())).ToList(), LineNo);
    }

    private sealed class PartBuilder(string label, string problem, int lineNo) : IEntryBuilder
    {
        public string Label { get; } = label;
        public string Problem { get; } = problem;
        public int LineNo { get; } = lineNo;
        public string Heading => Label + Problem;
        public bool DeadlineSeen { get; set; }
        public bool StatusSeen { get; set; }
        public RectificationDeadline? Deadline { get; set; }
        public ProgressStatus? Status { get; set; }
        public string? StatusAsWritten { get; set; }
        public List<RectificationMeasure> Measures { get; } = [];
    }
}
