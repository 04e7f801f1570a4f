using System.Text.RegularExpressions;
using Petitions.Application.Common.Units;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Imports.History;

/// <summary>
/// The legacy ledger (历史台账) a unit brings when it moves to Petitions: one row per case, its dates in their own columns.
/// Columns are found by their Chinese header; the order does not matter. Complainants are not migrated (a legacy
/// ledger's names and phones stay in the old system), so imported cases carry no personal data.
/// </summary>
public static partial class HistoryLedger
{
    public const string Ref = "台账编号";
    public const string Received = "来件时间";
    public const string Channel = "来件渠道";
    public const string Region = "行政区域";
    public const string LeadUnit = "承办单位";
    public const string Target = "被举报对象";
    public const string Address = "地址";
    public const string Categories = "污染类型";
    public const string Description = "举报内容";
    public const string Accepted = "受理时间";
    public const string Visited = "现场核查时间";
    public const string Inspectors = "核查人员";
    public const string Findings = "核查情况";
    public const string Answered = "办理结果时间";
    public const string Verdict = "核查结论";
    public const string Measures = "处理措施";
    public const string Penalties = "处罚情况";
    public const string CalledBack = "回访时间";
    public const string Satisfaction = "回访满意度";
    public const string Closed = "办结时间";
    public const string ClosureKind = "办结类型";
    public const string RectificationDue = "整改期限";

    /// <summary>Every column in template order; the required ones are the case's registration.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Ref, Received, Channel, Region, LeadUnit, Target, Address, Categories, Description, Accepted, Visited, Inspectors, Findings,
        Answered, Verdict, Measures, Penalties, CalledBack, Satisfaction, Closed, ClosureKind, RectificationDue,
    ];

    public static readonly IReadOnlyList<string> Required = [Ref, Received, Region, Target, Categories, Description];

    public const int MaxRows = 5000;

    /// <summary>Who the imported steps are attributed to: the old ledger, not a Petitions account.</summary>
    public static readonly Actor LedgerActor = new("ledger", "原台账记录");

    /// <summary>An example row for the template (a case received, accepted, visited, answered, called back and closed).</summary>
    public static IReadOnlyList<string> ExampleRow(string regionName) =>
    [
        "TZ-2025-0001", "2025-03-02 09:30", "电话", regionName, "", "某某建材有限公司", "工业园区纬二路8号", "大气、噪声",
        "夜间生产粉尘大、噪声扰民", "2025-03-03", "2025-03-05 10:00", "张伟、李娜", "现场检查发现料场未苫盖，除尘设施未运行",
        "2025-03-20", "属实", "责令立即整改，料场全部苫盖，除尘设施恢复运行", "罚款5万元", "2025-03-25", "满意", "2025-03-28", "办结", "",
    ];

    /// <summary>One ledger row as parsed: the case's registration and the dates of its later steps, or what is wrong with it.</summary>
    /// <remarks>Cells are read by <see cref="SpreadsheetCells"/>, the rule every spreadsheet import shares.</remarks>
    public static HistoryLedgerRow Parse(SpreadsheetRow line, UnitTree units, List<HistoryImportError> errors)
    {
        var cells = line.Cells;
        string? Text(string column) => cells.TryGetValue(column, out var v) ? SpreadsheetCells.Text(v) : null;
        string? Required(string column, int max)
        {
            var value = Text(column);
            if (value is null) errors.Add(new(column, "Required", "The column is empty."));
            else if (value.Length > max) errors.Add(new(column, "TooLong", $"At most {max} characters."));
            return value;
        }
        string? Optional(string column, int max)
        {
            var value = Text(column);
            if (value is not null && value.Length > max) errors.Add(new(column, "TooLong", $"At most {max} characters."));
            return value;
        }
        T? OneOf<T>(string column, Func<string, T?> parse) where T : struct
        {
            var value = Text(column);
            if (value is null) return null;
            var parsed = parse(value);
            if (parsed is null) errors.Add(new(column, "OneOf", $"'{value}' is not one of the known values."));
            return parsed;
        }
        DateTimeOffset? Date(string column, DateTimeOffset? previous)
        {
            var value = Text(column);
            if (value is null) return null;
            if (SpreadsheetCells.Moment(cells[column]) is not { } moment)
            {
                errors.Add(new(column, "Date", $"'{value}' is not a date (2025-03-02 09:30, 2025/3/2, 2025年3月2日)."));
                return null;
            }

            return moment.HasTime ? moment.At : DayOnly(moment.At, previous);
        }

        var externalRef = Required(Ref, 64);
        var received = Text(Received) is null ? null : Date(Received, null);
        if (Text(Received) is null) errors.Add(new(Received, "Required", "The column is empty."));
        var region = SpreadsheetCells.RegionCode(Text(Region), units);
        if (Text(Region) is null) errors.Add(new(Region, "Required", "The column is empty."));
        else if (region is null) errors.Add(new(Region, "KnownUnit", $"'{Text(Region)}' is no active unit (give its name or code)."));
        var lead = Text(LeadUnit) is { } leadText ? SpreadsheetCells.RegionCode(leadText, units) : region;
        if (Text(LeadUnit) is { } l && lead is null) errors.Add(new(LeadUnit, "KnownUnit", $"'{l}' is no active unit (give its name or code)."));
        var target = Required(Target, 200);
        if (target is not null && SubjectKey.Normalize(target).Length == 0) errors.Add(new(Target, "TargetNeedsName", "The target must name a company or site."));
        var (categories, unknownCategory) = SpreadsheetCells.Categories(Text(Categories));
        if (unknownCategory is not null) errors.Add(new(Categories, "OneOf", $"'{unknownCategory}' names no known pollution type (大气、水、土壤、噪声、固体废物、生态、辐射、其他)."));
        else if (categories is not { Count: > 0 }) errors.Add(new(Categories, "Required", "The column is empty."));

        // Dates given without a time are placed at noon, or at the previous step's moment when that is later the same day.
        var accepted = Date(Accepted, received);
        var visited = Date(Visited, accepted ?? received);
        var answered = Date(Answered, visited ?? accepted ?? received);
        var calledBack = Date(CalledBack, answered ?? visited ?? accepted ?? received);
        var closed = Date(Closed, calledBack ?? answered ?? visited ?? accepted ?? received);
        var rectificationDue = Date(RectificationDue, null);

        var verdict = OneOf(Verdict, ParseVerdict);
        var satisfaction = OneOf(Satisfaction, ParseSatisfaction);
        var closureKind = OneOf(ClosureKind, ParseClosureKind);
        if (answered is not null && Text(Verdict) is null) errors.Add(new(Verdict, "Required", "A result needs its verdict (属实 / 部分属实 / 不属实)."));
        if (answered is null && Text(Verdict) is not null) errors.Add(new(Answered, "Required", "A verdict needs the date of the result."));
        if (calledBack is not null && Text(Satisfaction) is null) errors.Add(new(Satisfaction, "Required", "A callback needs its satisfaction (满意 / 基本满意 / 不满意 / 未接通)."));
        if (calledBack is null && Text(Satisfaction) is not null) errors.Add(new(CalledBack, "Required", "A satisfaction needs the date of the callback."));
        if (closed is null && Text(ClosureKind) is not null) errors.Add(new(Closed, "Required", "A closure type needs the date of the closing."));

        return new HistoryLedgerRow
        {
            Row = line.RowNo,
            ExternalRef = externalRef ?? "",
            ReceivedAt = received ?? default,
            Channel = OneOf(Channel, ParseChannel) ?? Domain.Cases.Channel.Other,
            RegionCode = region ?? "",
            LeadUnit = lead ?? region ?? "",
            Target = target ?? "",
            Address = Optional(Address, 200),
            Categories = categories ?? [],
            Description = Required(Description, 10_000) ?? "",
            AcceptedAt = accepted,
            VisitedAt = visited,
            Inspectors = Text(Inspectors) is { } names ? SplitList().Split(names).Where(n => n.Length > 0).ToList() : [],
            Findings = Optional(Findings, 2000),
            AnsweredAt = answered,
            Verdict = verdict,
            Measures = Optional(Measures, 2000),
            Penalties = Optional(Penalties, 1000),
            CalledBackAt = calledBack,
            Satisfaction = satisfaction,
            ClosedAt = closed,
            ClosureKind = closureKind ?? (closed is null ? null : Domain.Cases.ClosureKind.Final),
            RectificationDueAt = rectificationDue,
        };
    }

    /// <summary>The row's history: registered (and assigned to the lead unit) when received, then every step it has a date for.</summary>
    public static CaseHistory ToHistory(HistoryLedgerRow r, string source)
    {
        var actor = LedgerActor;
        var steps = new List<HistoryStep>
        {
            new(r.ReceivedAt, actor, new RegisterCaseCommand(r.Channel, r.ReceivedAt, null, null, r.ExternalRef, null, null, r.RegionCode, r.Address,
                r.Target, SubjectKey.For(r.RegionCode, r.Target), r.Categories, r.Description, new Assignment(r.LeadUnit, [], null))),
        };
        if (r.AcceptedAt is { } accepted) steps.Add(new(accepted, actor, new AcceptCaseCommand()));
        if (r.VisitedAt is { } visited)
            steps.Add(new(visited, actor, new LogSiteVisitCommand(visited, r.Inspectors, r.Findings ?? "（原台账未记载核查情况）")));
        if (r.AnsweredAt is { } answered && r.Verdict is { } verdict)
        {
            var measures = r.Measures ?? "（原台账未记载处理措施）";
            steps.Add(new(answered, actor, new SubmitResultCommand(verdict, r.Findings ?? measures, measures, r.Penalties, measures)));
        }

        if (r.CalledBackAt is { } called && r.Satisfaction is { } satisfaction)
            steps.Add(new(called, actor, new LogCallbackCommand(called, CallbackMethod.Phone, CallbackContact.Complainant, satisfaction, null)));
        if (r.ClosedAt is { } closed)
            steps.Add(new(closed, actor, new CloseCaseCommand(r.ClosureKind ?? Domain.Cases.ClosureKind.Final, null, r.RectificationDueAt)));
        return new CaseHistory(steps, source);
    }

    /// <summary>The ledger column a refused step is about: the rule's own column, else the step's date.</summary>
    public static string ColumnOf(HistoryRefusal refusal) => refusal.Violation.Rule switch
    {
        Rules.UnsubstantiatedRequiresSiteVisit or Rules.RepeatRequiresSiteVisit => Verdict,
        Rules.StageClosureRequiresDueDate => RectificationDue,
        _ => refusal.Kind switch
        {
            CaseCommandKind.Register => Received,
            CaseCommandKind.Accept => Accepted,
            CaseCommandKind.SiteVisit => Visited,
            CaseCommandKind.Result => Answered,
            CaseCommandKind.Callback => CalledBack,
            CaseCommandKind.Close => Closed,
            _ => Received,
        },
    };

    /// <summary>A date given without a time of day: noon China time, or the previous step's moment when that is later the same day.</summary>
    private static DateTimeOffset DayOnly(DateTimeOffset startOfDay, DateTimeOffset? previous)
    {
        var day = ChinaTime.DateOf(startOfDay);
        var noon = ChinaTime.StartOfDay(day).AddHours(12);
        return previous is { } p && ChinaTime.DateOf(p) == day && p > noon ? p : noon;
    }

    private static Channel? ParseChannel(string text) => text switch
    {
        "电话" or "热线" or "12345" or "12369" => Domain.Cases.Channel.Hotline,
        "来信" or "信件" => Domain.Cases.Channel.Letter,
        "来访" => Domain.Cases.Channel.Visit,
        "网络" or "网上" or "微信" => Domain.Cases.Channel.Online,
        "督察交办" or "交办" => Domain.Cases.Channel.InspectionHandover,
        "其他" or "其它" => Domain.Cases.Channel.Other,
        _ => Enum.TryParse<Channel>(text, true, out var c) ? c : null,
    };

    private static Verdict? ParseVerdict(string text) => text switch
    {
        "属实" => Domain.Cases.Verdict.Substantiated,
        "部分属实" or "基本属实" => Domain.Cases.Verdict.PartlySubstantiated,
        "不属实" => Domain.Cases.Verdict.Unsubstantiated,
        _ => Enum.TryParse<Verdict>(text, true, out var v) ? v : null,
    };

    private static Satisfaction? ParseSatisfaction(string text) => text switch
    {
        "满意" => Domain.Cases.Satisfaction.Satisfied,
        "基本满意" => Domain.Cases.Satisfaction.BasicallySatisfied,
        "不满意" => Domain.Cases.Satisfaction.Dissatisfied,
        "未接通" or "无法联系" => Domain.Cases.Satisfaction.Unreachable,
        _ => Enum.TryParse<Satisfaction>(text, true, out var s) ? s : null,
    };

    private static ClosureKind? ParseClosureKind(string text) => text switch
    {
        "办结" or "已办结" or "完全办结" => Domain.Cases.ClosureKind.Final,
        "阶段性办结" => Domain.Cases.ClosureKind.Stage,
        _ => Enum.TryParse<ClosureKind>(text, true, out var k) ? k : null,
    };

    [GeneratedRegex("[、，,;；/\\s]+")]
    private static partial Regex SplitList();
}

/// <summary>One parsed ledger row (kept with the preview, so the commit imports exactly what was previewed).</summary>
public sealed record HistoryLedgerRow
{
    public int Row { get; init; }
    public string ExternalRef { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
    public Channel Channel { get; init; }
    public string RegionCode { get; init; } = "";
    public string LeadUnit { get; init; } = "";
    public string Target { get; init; } = "";
    public string? Address { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public string Description { get; init; } = "";
    public DateTimeOffset? AcceptedAt { get; init; }
    public DateTimeOffset? VisitedAt { get; init; }
    public IReadOnlyList<string> Inspectors { get; init; } = [];
    public string? Findings { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public Verdict? Verdict { get; init; }
    public string? Measures { get; init; }
    public string? Penalties { get; init; }
    public DateTimeOffset? CalledBackAt { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public ClosureKind? ClosureKind { get; init; }
    public DateTimeOffset? RectificationDueAt { get; init; }
}

/// <summary>What is wrong in one column of a row: <see cref="Code"/> is a validation code or a domain rule's name.</summary>
public sealed record HistoryImportError(string Column, string Code, string Message);
