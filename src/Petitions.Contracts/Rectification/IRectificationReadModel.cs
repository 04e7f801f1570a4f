using Petitions.Domain.Rectification;

namespace Petitions.Contracts.Rectification;

/// <summary>Writes the ledger's read model from grain state, with a version guard (a stale write changes nothing).</summary>
public interface IRectificationProjector
{
    Task ProjectTaskAsync(RectificationTask task, CancellationToken cancellationToken = default);

    Task ProjectPlanAsync(RectificationPlan plan, CancellationToken cancellationToken = default);
}

/// <summary>Questions across plans and tasks (lists, summaries as of a date, links to cases).</summary>
public interface IRectificationReadModel
{
    Task<IReadOnlyList<LedgerPlanRow>> PlansAsync(CancellationToken cancellationToken = default);

    Task<LedgerPlanRow?> PlanAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>The plan's tasks (optionally only those naming one of <paramref name="units"/>), each with its status as of <paramref name="asOf"/>.</summary>
    Task<IReadOnlyList<LedgerTaskRow>> TasksAsync(string planCode, DateOnly asOf, IReadOnlyCollection<string>? units, CancellationToken cancellationToken = default);

    /// <summary>The plan codes in which any task names one of <paramref name="units"/>.</summary>
    Task<IReadOnlyList<string>> PlansNamingAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LedgerTaskRow>> TasksOfCaseAsync(string caseNo, DateOnly asOf, CancellationToken cancellationToken = default);

    /// <summary>Petition cases that may be about a task's problem (candidates to link), most telling first.</summary>
    Task<IReadOnlyList<string>> FindCasesAsync(LedgerCaseSearch search, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<LinkedCaseRow>> CasesAsync(IReadOnlyCollection<string> caseNos, CancellationToken cancellationToken = default);
}

/// <summary>
/// Cases of a lead unit (or not of units starting with a prefix), whose target names one of the words, optionally with
/// a satisfaction; those with <see cref="PreferVerdict"/> first, then repeats and reopened cases.
/// </summary>
public sealed record LedgerCaseSearch(string? LeadUnit, string? ExcludeLeadPrefix, IReadOnlyList<string> TargetWords, string? Satisfaction, int Limit, string? PreferVerdict = null);

public sealed record LedgerPlanRow
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string ShortName { get; init; } = "";
    public string OwnerUnit { get; init; } = "";
    public string RoundCode { get; init; } = "";
    public string? AsOf { get; init; }
    public int TaskCount { get; init; }
}

/// <summary>A task row with the status it had on the date asked (Status null: not in the ledger on that date).</summary>
public sealed record LedgerTaskRow
{
    public string Id { get; init; } = "";
    public string PlanCode { get; init; } = "";
    public int Seq { get; init; }
    public string Number { get; init; } = "";
    public string Problem { get; init; } = "";
    public string? DeadlineText { get; init; }
    public string? DeadlineDate { get; init; }
    public string LeadUnit { get; init; } = "";
    public string Units { get; init; } = "";
    public string? Leader { get; init; }
    public int ReportEveryMonths { get; init; }
    public int AwaitingVerification { get; init; }
    public int LinkedCases { get; init; }
    public int MeasureCount { get; init; }
    public string? Measures { get; init; }
    public string? Status { get; init; }
    public string? StatusWritten { get; init; }
    public string? StatusAsOf { get; init; }
    public string? CurrentStatusAsOf { get; init; }
    public string? CurrentStatus { get; init; }

    public ProgressStatus? ProgressAsOf => Status is null ? null : Enum.Parse<ProgressStatus>(Status);
    public DateOnly? Deadline => DeadlineDate is null ? null : DateOnly.ParseExact(DeadlineDate, "yyyy-MM-dd");
}

public sealed record LinkedCaseRow
{
    public string CaseNo { get; init; } = "";
    public string Status { get; init; } = "";
    public string LeadUnit { get; init; } = "";
    public string Target { get; init; } = "";
    public string? Satisfaction { get; init; }
    public string? Verdict { get; init; }
    public int IsRepeat { get; init; }
}
