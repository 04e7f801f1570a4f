using System.Globalization;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Lists;

/// <summary>
/// The next step on a case in a unit's queue (下一步): the action the case waits for, from its state — and whether it
/// is the unit's own (a handler may send it) or someone else's (intake assigns, a supervisor closes). The case file
/// offers the exact list (<see cref="PetitionView.AllowedActions"/>); a list row has no case state beyond the read
/// model's, so this is the one place a list derives it, and the tests check it against the command table.
/// </summary>
public static class QueueNextStep
{
    /// <summary>The action the case waits for, or null when it waits for nothing (closed, declined, diverted).</summary>
    public static CaseCommandKind? For(CaseListItem row) => row switch
    {
        { OpenSupervision: > 0 } when row.Status.IsOpen() => CaseCommandKind.ReplyNotice,
        { Status: CaseStatus.Registered } => CaseCommandKind.Assign,
        { Status: CaseStatus.Assigned } => CaseCommandKind.Accept,
        { Status: CaseStatus.InProgress } => CaseCommandKind.Result,
        { Status: CaseStatus.ResultSubmitted, Satisfaction: null } => CaseCommandKind.Callback,
        { Status: CaseStatus.ResultSubmitted } => CaseCommandKind.Close,
        _ => null,
    };

    /// <summary>Whether a handler (of the lead unit) may take this step, by the same declarations that authorize it.</summary>
    public static bool IsHandlersTurn(CaseCommandKind kind) =>
        CaseActionPermissions.ByKind.TryGetValue(kind, out var who) && who.Roles.Contains(Roles.Handler);
}

/// <summary>
/// The handler's queue filters (待办筛选): search, status, overdue, due within N days, repeat, supervision, category,
/// and the sort, as a query string (the page's URL and what a saved filter keeps). The queue is every open case of the
/// handler's units, a few hundred at most, so it is filtered where it is shown; the text search goes to the read model.
/// </summary>
public sealed record QueueFilter
{
    public static readonly string[] Sorts = ["due", "-due", "caseNo", "-caseNo", "received", "-received", "status", "-status", "target", "-target", "next", "-next"];

    public string? Q { get; init; }
    public CaseStatus? Status { get; init; }
    public bool Overdue { get; init; }
    /// <summary>Open and due within this many days from today (overdue ones included).</summary>
    public int? DueWithin { get; init; }
    public bool Repeat { get; init; }
    /// <summary>Cases with a supervision notice (督办) that is not answered yet.</summary>
    public bool Supervision { get; init; }
    public Category? Category { get; init; }
    public string? Sort { get; init; }

    public bool IsEmpty => this with { Sort = null } == new QueueFilter();

    /// <summary>
    /// The handler's queue: registered cases are left out — they are not assigned yet (the unit shown is only the
    /// region's), the handler has no action on them, and intake may assign them elsewhere.
    /// </summary>
    public static bool BelongsInHandlersQueue(CaseListItem row) => row.Status != CaseStatus.Registered;

    /// <summary>The rows that match (the text search already narrowed to <paramref name="textMatches"/> when given), sorted.</summary>
    public IReadOnlyList<CaseListItem> Apply(IEnumerable<CaseListItem> rows, IReadOnlySet<string>? textMatches = null)
    {
        var matching = rows.Where(r =>
            (textMatches is null || textMatches.Contains(r.CaseNo)) &&
            (Status is not { } status || r.Status == status) &&
            (!Overdue || r.Overdue) &&
            (DueWithin is not { } days || r.DaysLeft is { } left && left <= days) &&
            (!Repeat || r.IsRepeat) &&
            (!Supervision || r.OpenSupervision > 0) &&
            (Category is not { } category || r.Categories.Contains(category)));
        return Sorted(matching).ToList();
    }

    private IEnumerable<CaseListItem> Sorted(IEnumerable<CaseListItem> rows)
    {
        var sort = Sort ?? "";
        var descending = sort.StartsWith('-');
        IOrderedEnumerable<CaseListItem> By<TKey>(Func<CaseListItem, TKey> key) => descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        var ordered = sort.TrimStart('-') switch
        {
            "caseNo" => By(r => r.CaseNo),
            "received" => By(r => r.ReceivedAt),
            "status" => By(r => r.Status),
            "target" => By(r => r.Target),
            "next" => By(r => QueueNextStep.For(r) is { } step ? (int)step : int.MaxValue),
            "due" => By(r => r.DueAt ?? DateTimeOffset.MaxValue),
            // The default: overdue first, then by due date.
            _ => rows.OrderByDescending(r => r.Overdue).ThenBy(r => r.DueAt ?? DateTimeOffset.MaxValue),
        };
        return ordered.ThenBy(r => r.CaseNo, StringComparer.Ordinal);
    }

    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add(name + "=" + Uri.EscapeDataString(value.Trim()));
        }

        Add("q", Q);
        Add("status", Status?.ToString());
        Add("overdue", Overdue ? "true" : null);
        Add("dueWithin", DueWithin?.ToString(CultureInfo.InvariantCulture));
        Add("repeat", Repeat ? "true" : null);
        Add("supervision", Supervision ? "true" : null);
        Add("category", Category?.ToString());
        Add("sort", Sort);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>The filter of a query string; what cannot be read is left out (a URL or an old saved filter never breaks the page).</summary>
    public static QueueFilter Parse(string? query)
    {
        var values = (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => Uri.UnescapeDataString((g.First().ElementAtOrDefault(1) ?? "").Replace('+', ' ')), StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return new QueueFilter
        {
            Q = Get("q") is { Length: <= 100 } q ? q : null,
            Status = Enum.TryParse<CaseStatus>(Get("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null,
            Overdue = Get("overdue") == "true",
            DueWithin = int.TryParse(Get("dueWithin"), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 365 ? days : null,
            Repeat = Get("repeat") == "true",
            Supervision = Get("supervision") == "true",
            Category = Enum.TryParse<Category>(Get("category"), ignoreCase: true, out var category) && Enum.IsDefined(category) ? category : null,
            Sort = Get("sort") is { } sort && Sorts.Contains(sort) ? sort : null,
        };
    }
}
