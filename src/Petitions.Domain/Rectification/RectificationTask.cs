using System.Text.Json.Serialization;
using Petitions.Domain.Cases;

namespace Petitions.Domain.Rectification;

/// <summary>
/// One rectification task (整改任务): a problem the inspection stated, its deadline, the measures taken, its status
/// history as of dates, progress reports, verification and closing (验收销号), and the petition cases about the same
/// problem. Split findings keep their parts as <see cref="SubTasks"/> ((一)(二)(三)), each with deadline and measures.
/// </summary>
public sealed record RectificationTask
{
    public required string Id { get; init; }
    public required string PlanCode { get; init; }
    /// <summary>1 for 一, 16 for 十六: the order in the plan.</summary>
    public int Seq { get; init; }
    /// <summary>The number as written (一、二、…).</summary>
    public required string Number { get; init; }
    public required string Problem { get; init; }
    /// <summary>The task's own deadline; for a split task, the earliest deadline of its parts.</summary>
    public RectificationDeadline? Deadline { get; init; }
    public IReadOnlyList<RectificationSubTask> SubTasks { get; init; } = [];
    public IReadOnlyList<RectificationMeasure> Measures { get; init; } = [];
    public required string LeadUnit { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public string? Leader { get; init; }
    /// <summary>Months between progress reports: 1 (monthly) or 3 (quarterly).</summary>
    public int ReportEveryMonths { get; init; } = 3;
    /// <summary>The status over time: the last entry on or before a date is the status as of that date.</summary>
    public IReadOnlyList<StatusEntry> StatusHistory { get; init; } = [];
    public IReadOnlyList<ProgressReport> Reports { get; init; } = [];
    /// <summary>A completion the responsible unit reported, waiting for a supervisor's verification.</summary>
    public ProgressReport? AwaitingVerification { get; init; }
    /// <summary>The verification that closed the task (验收销号); cleared when it is reopened.</summary>
    public TaskVerification? Verification { get; init; }
    public IReadOnlyList<string> LinkedCases { get; init; } = [];
    public IReadOnlyList<TaskTimelineEntry> Timeline { get; init; } = [];
    public int Version { get; init; }

    [JsonIgnore]
    public StatusEntry Current => StatusHistory[^1];

    [JsonIgnore]
    public ProgressStatus Status => Current.Status;

    [JsonIgnore]
    public bool IsClosed => Status.IsCompleted();

    [JsonIgnore]
    public IEnumerable<string> Units => CoUnits.Prepend(LeadUnit);

    /// <summary>The status on a date (null: the task was not in the ledger yet).</summary>
    public StatusEntry? StatusAsOf(DateOnly asOf) => StatusHistory.LastOrDefault(s => s.AsOf <= asOf);

    public LedgerCategory? CategoryAsOf(DateOnly asOf) =>
        StatusAsOf(asOf) is { } entry ? StatusVocabulary.Categorize(entry.Status, Deadline?.Date, asOf) : null;

    /// <summary>When the next progress report is due: the end of the reporting period after the last one (none once closed).</summary>
    [JsonIgnore]
    public DateOnly? NextReportDue => IsClosed ? null : RectificationRules.NextReportDue(Current.AsOf, ReportEveryMonths);
}

public sealed record RectificationSubTask(string Label, string Problem, RectificationDeadline? Deadline, string StatusAsWritten, ProgressStatus Status, IReadOnlyList<RectificationMeasure> Measures);

/// <summary>A measure (整改措施) as the appendix numbers it (1. 2. 3.); an unnumbered paragraph has no number.</summary>
public sealed record RectificationMeasure(int? No, string Text);

/// <summary>The status from a date on, in the words of whoever recorded it.</summary>
public sealed record StatusEntry(DateOnly AsOf, ProgressStatus Status, string Written, string Source);

public sealed record ProgressReport(int No, DateOnly AsOf, ProgressStatus Status, string Written, string Text, string? Evidence, Actor ReportedBy, DateTimeOffset ReportedAt);

public sealed record TaskVerification(DateOnly AsOf, string Evidence, string? Note, Actor VerifiedBy, DateTimeOffset VerifiedAt);

public sealed record TaskTimelineEntry(DateTimeOffset At, Actor Actor, string Kind, string Text);
