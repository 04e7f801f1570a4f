using Petitions.Domain.Cases;

namespace Petitions.Host.Components.Reading;

/// <summary>A case as lists, queues and exports show it (never with complainant data).</summary>
public sealed record CaseRow
{
    public required string CaseNo { get; init; }
    public CaseStatus Status { get; init; }
    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public string RegionName { get; init; } = "";
    public string LeadUnit { get; init; } = "";
    public string LeadUnitName { get; init; } = "";
    public IReadOnlyList<string> CoUnitNames { get; init; } = [];
    public required string Target { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
    public int? DaysLeft { get; init; }
    public bool IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Verdict? Verdict { get; init; }
    public ClosureKind? CloseKind { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? LeaderName { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public bool OnProblemList { get; init; }
}

public sealed record CasePage(IReadOnlyList<CaseRow> Items, int Total, int Page, int PageSize);

/// <summary>One row of completion statistics (a round, a unit subtree, a category …) with the counts behind each rate.</summary>
public sealed record StatRow
{
    public string? Key { get; init; }
    public required string Name { get; init; }
    public int Total { get; init; }
    public int Closed { get; init; }
    public int ClosedFinal { get; init; }
    public int ClosedStage { get; init; }
    public int Open { get; init; }
    public int ClosedOnTime { get; init; }
    public decimal? CompletionRate { get; init; }
    public decimal? OnTimeRate { get; init; }
    public int Overdue { get; init; }
    public int Repeats { get; init; }
    public int Dissatisfied { get; init; }
    public int AnsweredCallbacks { get; init; }
    public int Satisfied { get; init; }
    public decimal? SatisfactionRate { get; init; }
    public decimal? SubstantiatedRate { get; init; }
}

public sealed record TrendWeek(DateOnly WeekStart, DateOnly WeekEnd, int Received, int Closed);

/// <summary>A problem-list entry (问题清单): target, deadline, responsible person, and why the case is on it.</summary>
public sealed record ProblemRow
{
    public required string CaseNo { get; init; }
    public CaseStatus Status { get; init; }
    public required string Target { get; init; }
    public string LeadUnitName { get; init; } = "";
    public IReadOnlyList<string> Reasons { get; init; } = [];
    public string? ProblemTarget { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public bool Overdue { get; init; }
    public int? DaysLeft { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? LeaderName { get; init; }
}
