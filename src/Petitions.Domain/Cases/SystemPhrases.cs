namespace Petitions.Domain.Cases;

/// <summary>
/// The Chinese phrases the system itself writes into a case (reasons and targets of automatic problem-list entries,
/// default responsible person). They are stored as written, in the language of the record; a reader's interface
/// recognises them by these constants and shows them in the reader's language (the Host's SystemText).
/// </summary>
public static class SystemPhrases
{
    /// <summary>The reason of a reopening by a dissatisfied callback, before the callback's note.</summary>
    public const string CallbackDissatisfied = "回访不满意";

    /// <summary>The reason of a reopening by a dissatisfied self-service rating, before the complainant's comment.</summary>
    public const string RatingDissatisfied = "信访人自助评价不满意";

    /// <summary>The target of a reopening by dissatisfaction.</summary>
    public const string DissatisfiedTarget = "针对群众不满意事项重新核查整改，并再次回访";

    /// <summary>The reason of a reopening by a failed look-back, before the look-back's note.</summary>
    public const string LookBackFailed = "回头看未通过";

    /// <summary>The target of a reopening by a failed look-back.</summary>
    public const string LookBackTarget = "针对回头看发现的问题整改到位";

    /// <summary>The reason of a stage closure's problem-list entry.</summary>
    public const string StageClosureReason = "阶段性办结，整改持续推进";

    /// <summary>The target of a stage closure's problem-list entry when the closing note gives none.</summary>
    public const string StageClosureTarget = "按期完成整改并验收销号";

    /// <summary>The responsible person of an automatic entry when the lead unit has none on file.</summary>
    public const string DefaultResponsible = "责任单位主要负责人";

    /// <summary>The problem target of a case listed without an entry (open and overdue, or repeated).</summary>
    public const string CloseOnTime = "按期办结";

    /// <summary>"reason：note": how a reason and the person's note are joined.</summary>
    public static string WithNote(string reason, string? note) => string.IsNullOrWhiteSpace(note) ? reason : $"{reason}：{note}";
}
