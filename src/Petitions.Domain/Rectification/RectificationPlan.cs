namespace Petitions.Domain.Rectification;

/// <summary>
/// A rectification plan (整改方案): the ledger of one owner unit (自治区, 兵团, or any unit) for one inspection round.
/// <see cref="AsOf"/> is the date of the latest report imported into it.
/// </summary>
public sealed record RectificationPlan
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string ShortName { get; init; }
    public required string OwnerUnit { get; init; }
    public required string RoundCode { get; init; }
    public DateOnly? AsOf { get; init; }
    public IReadOnlyList<string> TaskIds { get; init; } = [];
    public int Version { get; init; }

    public static string CodeFor(string roundCode, string ownerUnit) => $"{roundCode}-{ownerUnit}";

    public static string TaskId(string planCode, int seq) => $"{planCode}-{seq:D2}";

    /// <summary>"新疆维吾尔自治区" → "自治区", "新疆生产建设兵团" → "兵团": how the report itself names the owners.</summary>
    public static string ShortNameOf(string ownerName) =>
        ownerName.EndsWith("自治区", StringComparison.Ordinal) ? "自治区"
        : ownerName.EndsWith("兵团", StringComparison.Ordinal) ? "兵团"
        : ownerName;

    /// <summary>The plan after a report as of <paramref name="asOf"/> was imported into it (a newer date wins; tasks are added, never dropped).</summary>
    public RectificationPlan WithReport(string name, DateOnly asOf, IEnumerable<string> taskIds) => this with
    {
        Name = name,
        AsOf = AsOf is { } current && current > asOf ? current : asOf,
        TaskIds = TaskIds.Concat(taskIds).Distinct().ToList(),
        Version = Version + 1,
    };
}
