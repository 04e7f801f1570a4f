namespace Petitions.Domain.Rectification;

/// <summary>A task's measures as the appendix prints them ("1.…" lines; a split task's parts under their labels).</summary>
public static class LedgerText
{
    public static string Measures(RectificationTask task) => task.SubTasks.Count == 0
        ? Lines(task.Measures)
        : string.Join("\n", task.SubTasks.Select(s => $"{s.Label}{s.Problem}\n整改时限：{s.Deadline?.Written}\n整改进展情况：{s.StatusAsWritten}\n{Lines(s.Measures)}"));

    private static string Lines(IEnumerable<RectificationMeasure> measures) =>
        string.Join("\n", measures.Select(m => m.No is { } no ? $"{no}.{m.Text}" : m.Text));
}
