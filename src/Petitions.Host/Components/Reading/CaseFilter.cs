using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Components.Reading;

/// <summary>
/// The case list's filters, named as the API's query parameters (unit, round, batch, status, overdue, repeat,
/// satisfaction, category, q, …), so that a filter is also a URL: dashboard counts link to filtered lists, exports
/// take the current filter.
/// </summary>
public sealed record CaseFilter
{
    public string? Unit { get; init; }
    public string? Round { get; init; }
    public int? Batch { get; init; }
    public string? Status { get; init; }
    public bool? Overdue { get; init; }
    public bool? Repeat { get; init; }
    /// <summary>Closed cases that came back as a repeat and wait for a supervisor's decision (办结后重复举报).</summary>
    public bool? CameBack { get; init; }
    /// <summary>The acceptance decision has not reached the complainant in writing in time (书面告知).</summary>
    public bool? NoticeOverdue { get; init; }
    public string? Satisfaction { get; init; }
    public string? Category { get; init; }
    public bool? Problem { get; init; }
    public bool? Leader { get; init; }
    public string? Q { get; init; }
    /// <summary>Suggestion | Accusation | Appeal.</summary>
    public string? Type { get; init; }
    /// <summary>Urgent matters (重大紧急) only; with <see cref="Open"/>, the supervisors' banner list.</summary>
    public bool? Urgent { get; init; }
    public bool? Open { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;

    public IReadOnlyDictionary<string, string?> ToParameters(bool paging = true)
    {
        var p = new Dictionary<string, string?>
        {
            ["unit"] = Unit, ["round"] = Round, ["batch"] = Batch?.ToString(), ["status"] = Status,
            ["overdue"] = Bool(Overdue), ["repeat"] = Bool(Repeat), ["cameBack"] = Bool(CameBack), ["noticeOverdue"] = Bool(NoticeOverdue), ["satisfaction"] = Satisfaction, ["category"] = Category,
            ["problem"] = Bool(Problem), ["leader"] = Bool(Leader), ["q"] = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(),
            ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"), ["sort"] = Sort,
            ["type"] = Type, ["urgent"] = Bool(Urgent), ["open"] = Bool(Open),
        };
        if (paging && Page > 1) p["page"] = Page.ToString();
        if (paging && PageSize != 25) p["pageSize"] = PageSize.ToString();
        return p.Where(kv => kv.Value is not null).ToDictionary();
    }

    public string ToQueryString(bool paging = true) => QueryHelpers.AddQueryString("", ToParameters(paging));

    public static CaseFilter Parse(string query)
    {
        var q = QueryHelpers.ParseQuery(query);
        string? S(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;
        bool? B(string key) => S(key) is { } v && bool.TryParse(v, out var b) ? b : null;
        int? I(string key) => S(key) is { } v && int.TryParse(v, out var i) ? i : null;
        DateOnly? D(string key) => S(key) is { } v && DateOnly.TryParse(v, out var d) ? d : null;
        return new CaseFilter
        {
            Unit = S("unit"), Round = S("round"), Batch = I("batch"), Status = S("status"), Overdue = B("overdue"), Repeat = B("repeat"), CameBack = B("cameBack"), NoticeOverdue = B("noticeOverdue"),
            Satisfaction = S("satisfaction"), Category = S("category"), Problem = B("problem"), Leader = B("leader"), Q = S("q"),
            From = D("from"), To = D("to"), Sort = S("sort"), Page = Math.Max(1, I("page") ?? 1), PageSize = Math.Clamp(I("pageSize") ?? 25, 1, 200),
            Type = S("type"), Urgent = B("urgent"), Open = B("open"),
        };
    }

    /// <summary>The list query this filter asks for (the page size at most the API's maximum).</summary>
    public ListPetitions.Query ToQuery() => new()
    {
        Unit = Unit, Round = Round, Batch = Int(Batch), Status = Status, Overdue = Bool(Overdue), Repeat = Bool(Repeat), CameBack = Bool(CameBack), NoticeOverdue = Bool(NoticeOverdue),
        Satisfaction = Satisfaction, Category = Category, Problem = Bool(Problem), Leader = Bool(Leader), Q = Q,
        From = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Sort = Sort, Page = Int(Page), PageSize = Int(Math.Min(PageSize, QueryValues.MaxPageSize)),
        Type = Type, Urgent = Bool(Urgent), Open = Bool(Open),
    };

    private static string? Int(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };
}
