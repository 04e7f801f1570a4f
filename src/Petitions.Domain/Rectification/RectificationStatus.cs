namespace Petitions.Domain.Rectification;

/// <summary>Where a task stands, as a responsible unit reports it (the appendices' vocabulary maps onto this).</summary>
public enum ProgressStatus
{
    /// <summary>正在持续推进: work continues, without a claim of being on schedule.</summary>
    InProgress,
    /// <summary>达到序时进度，持续推进 / 已按要求整改，长期坚持: on schedule, the work goes on.</summary>
    OnSchedule,
    /// <summary>已完成 / 完成整改.</summary>
    Completed,
    /// <summary>已完成，长期坚持: completed, and kept up from now on.</summary>
    CompletedKeptUp,
}

/// <summary>What a manager counts for a task as of a date: exactly one of these per task.</summary>
public enum LedgerCategory { Completed, CompletedAndKeptUp, OnSchedule, InProgress, Overdue }

/// <summary>
/// The status vocabulary of the report's appendices. "已按要求整改，长期坚持" (the 兵团's standing obligations that
/// are being met) is on schedule, not completed: the report's own headline counts the 兵团's completed tasks as 19,
/// which are exactly its "完成整改" tasks; the 自治区's 14 are its "已完成" and "已完成，长期坚持" tasks.
/// </summary>
public static class StatusVocabulary
{
    public static readonly IReadOnlyDictionary<string, ProgressStatus> Written = new Dictionary<string, ProgressStatus>
    {
        ["已完成"] = ProgressStatus.Completed,
        ["完成整改"] = ProgressStatus.Completed,
        ["已完成，长期坚持"] = ProgressStatus.CompletedKeptUp,
        ["已按要求整改，长期坚持"] = ProgressStatus.OnSchedule,
        ["达到序时进度，持续推进"] = ProgressStatus.OnSchedule,
        ["正在持续推进"] = ProgressStatus.InProgress,
    };

    /// <summary>The words the ledger writes for a status it records itself (a report, a verification, a reopening).</summary>
    public static string WrittenFor(ProgressStatus status) => status switch
    {
        ProgressStatus.Completed => "已完成",
        ProgressStatus.CompletedKeptUp => "已完成，长期坚持",
        ProgressStatus.OnSchedule => "达到序时进度，持续推进",
        _ => "正在持续推进",
    };

    /// <summary>The status a written form stands for; punctuation variants (、 , ，) and spaces are the same words.</summary>
    public static ProgressStatus? TryMap(string? written)
    {
        if (string.IsNullOrWhiteSpace(written)) return null;
        var normal = Normalise(written);
        return Written.FirstOrDefault(w => Normalise(w.Key) == normal) is { Key: not null } hit ? hit.Value : null;
    }

    private static string Normalise(string text) =>
        new(text.Trim().Replace('、', '，').Replace(',', '，').Where(c => !char.IsWhiteSpace(c)).ToArray());

    public static bool IsCompleted(this ProgressStatus status) => status is ProgressStatus.Completed or ProgressStatus.CompletedKeptUp;

    /// <summary>
    /// The manager's category of a status on a date: a task not completed and past its deadline is overdue (序时进度
    /// means: not past the deadline unless completed); otherwise the status itself.
    /// </summary>
    public static LedgerCategory Categorize(ProgressStatus status, DateOnly? deadline, DateOnly asOf) => status switch
    {
        ProgressStatus.Completed => LedgerCategory.Completed,
        ProgressStatus.CompletedKeptUp => LedgerCategory.CompletedAndKeptUp,
        _ when deadline is { } due && due < asOf => LedgerCategory.Overdue,
        ProgressStatus.OnSchedule => LedgerCategory.OnSchedule,
        _ => LedgerCategory.InProgress,
    };
}
