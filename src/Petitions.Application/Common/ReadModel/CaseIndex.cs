using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Common.ReadModel;

/// <summary>
/// A case as the read model indexes it (the case_index table): what lists, the problem list and look-back reviews
/// show, never complainant data. Read through <see cref="ICaseIndex"/>.
/// </summary>
public sealed record CaseIndexEntry
{
    public required string CaseNo { get; init; }
    public CaseStatus Status { get; init; }
    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public required string LeadUnit { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    public required string Target { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public bool IsOpen { get; init; }
    public bool IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    /// <summary>Repeats that came back after this case was closed and wait for a supervisor's decision (办结后重复举报).</summary>
    public IReadOnlyList<string> CameBack { get; init; } = [];
    public RepeatDecision? RepeatDecision { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Verdict? Verdict { get; init; }
    public ClosureKind? CloseKind { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? LeaderName { get; init; }
    public string? LeaderTitle { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public bool OnProblemList { get; init; }
    public ProblemSource? ProblemSource { get; init; }
    public string? ProblemReason { get; init; }
    public string? ProblemTarget { get; init; }
    public DateTimeOffset? ProblemDueAt { get; init; }
    public string? ProblemResponsible { get; init; }
    /// <summary>The acceptance notice's deadline while no decision notice has been delivered (书面告知), else null.</summary>
    public DateTimeOffset? NoticeDueAt { get; init; }

    /// <summary>The acceptance decision was not delivered in writing in time: the same rule as the index's filter.</summary>
    public bool IsNoticeOverdueAt(DateTimeOffset now) => NoticeDueAt is { } due && due < now;
    public CaseType Type { get; init; }
    public UrgentKind? Urgent { get; init; }
    public int UrgentReports { get; init; }
    public DivertBody? DivertedTo { get; init; }

    /// <summary>Open and past due: the same rule as <see cref="PetitionCase.IsOverdue"/> and the index's overdue filter.</summary>
    public bool IsOverdueAt(DateTimeOffset now) => IsOpen && DueAt is { } due && due < now;

    /// <summary>China calendar days to the due date; an overdue case shows at least -1 even on its due day; null when not open.</summary>
    public int? DaysLeftAt(DateTimeOffset now)
    {
        if (!IsOpen || DueAt is not { } due) return null;
        var days = ChinaTime.DateOf(due).DayNumber - ChinaTime.DateOf(now).DayNumber;
        return IsOverdueAt(now) ? Math.Min(days, -1) : days;
    }
}

/// <summary>
/// Which cases of the index a list shows. Every member is optional; a unit set that is empty matches nothing.
/// "Overdue" is judged at <see cref="Now"/>.
/// </summary>
public sealed record CaseIndexFilter
{
    public required DateTimeOffset Now { get; init; }
    /// <summary>The caller's scope: cases with a lead or co-unit in the set, or reviewed (复查 / 复核) by a unit in it; null for every case.</summary>
    public IReadOnlyCollection<string>? VisibleUnits { get; init; }
    /// <summary>Cases with a lead or co-unit in the set (a unit's subtree, or one unit's queue).</summary>
    public IReadOnlyCollection<string>? AnyUnitIn { get; init; }
    public string? Round { get; init; }
    public int? Batch { get; init; }
    public CaseStatus? Status { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Category? Category { get; init; }
    public bool? Overdue { get; init; }
    public bool? Repeat { get; init; }
    public bool? WithLeader { get; init; }
    public bool? OnProblemList { get; init; }
    public bool OpenOnly { get; init; }
    /// <summary>Received on or after the start of this China day.</summary>
    public DateOnly? ReceivedFrom { get; init; }
    /// <summary>Received on or before the end of this China day.</summary>
    public DateOnly? ReceivedTo { get; init; }
    /// <summary>A case-insensitive substring of the target, description, address or case number.</summary>
    public string? Text { get; init; }
    /// <summary>The keyed hash of a complainant's phone (never the number itself).</summary>
    public string? PhoneHash { get; init; }
    /// <summary>true: closed cases that came back as a repeat (办结后重复举报); false: the others.</summary>
    public bool? CameBack { get; init; }
    /// <summary>Cases with this supervisor's decision on a closed case that came back.</summary>
    public RepeatDecision? RepeatDecision { get; init; }
    /// <summary>true: no acceptance or refusal notice delivered and its deadline passed; false: the others.</summary>
    public bool? NoticeOverdue { get; init; }
    public CaseType? Type { get; init; }
    /// <summary>true: cases flagged as urgent matters (重大紧急); false: the others.</summary>
    public bool? Urgent { get; init; }
}

/// <summary>The order of a list page: by receipt, by due date (cases without one last), by number, or overdue first then by due date.</summary>
public enum CaseOrder { NewestFirst, OldestFirst, DueSoonestFirst, DueLatestFirst, CaseNo, OverdueFirst }

/// <summary>One page of index entries and how many match in all.</summary>
public sealed record CaseIndexPage<T>(IReadOnlyList<T> Rows, int Total);

/// <summary>A case of the problem list with the responsible person of its lead unit (for cases without an entry).</summary>
public sealed record ProblemListCase(CaseIndexEntry Case, string? LeadUnitResponsible);

/// <summary>The read model's case index: lists, the problem list and the closed cases a look-back review samples from.</summary>
public interface ICaseIndex
{
    Task<CaseIndexPage<CaseIndexEntry>> PageAsync(CaseIndexFilter filter, CaseOrder order, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cases on the problem list (an entry), open and repeated, dissatisfied, or open and overdue, within the filter's
    /// units and round; overdue first, then by the entry's or the case's deadline.
    /// </summary>
    Task<CaseIndexPage<ProblemListCase>> ProblemListAsync(CaseIndexFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Closed cases (of one round, or all) with their lead unit.</summary>
    Task<IReadOnlyList<(string CaseNo, string LeadUnit)>> ClosedCasesAsync(string? round, CancellationToken cancellationToken = default);
}
