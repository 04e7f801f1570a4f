using Petitions.Domain.Cases;

namespace Petitions.Domain.Subjects;

/// <summary>How an earlier case relates to a new complaint (what intake is shown).</summary>
public enum RepeatKind
{
    /// <summary>The same subject, a shared category, within the window: a repeat (重复举报).</summary>
    SameMatter,
    /// <summary>The same target, but another problem or outside the window: never linked by itself.</summary>
    SameCompanyOtherMatter,
    /// <summary>The same complainant phone in the region about another target ("has this caller complained before?").</summary>
    SamePhone,
    /// <summary>A similar target or address: for intake to judge.</summary>
    Similar,
}

/// <summary>The new complaint as the policy needs it. No categories (a check before they are chosen) compares subject and time only.</summary>
public sealed record RepeatComplaint(DateTimeOffset ReceivedAt, IReadOnlyCollection<Category>? Categories);

/// <summary>
/// What a gatherer (a complaint subject, the near-match index) knows about one earlier case. <see cref="SameTarget"/>
/// and <see cref="SamePhone"/> say how it was found; <see cref="Similarity"/> is the near-match score (0 if none).
/// Categories are null for a case recorded before categories were gathered: such a case never links by itself.
/// </summary>
public sealed record RepeatCandidateFacts(
    string CaseNo,
    CaseStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyCollection<Category>? Categories,
    string? RepeatOf,
    bool SameTarget,
    bool SamePhone = false,
    double Similarity = 0);

/// <summary>One earlier case as intake sees it: its kind, a ranking score, and whether saving links to it.</summary>
public sealed record RepeatMatch(string CaseNo, RepeatKind Kind, double Score, bool WillLink);

/// <summary>
/// The decision: the original to link to (or none), whether that original is closed (then the link marks it
/// "办结后重复举报" for a supervisor to decide; nothing reopens), and every match with its kind.
/// </summary>
public sealed record RepeatOutcome(string? LinkTo, bool OriginalClosed, IReadOnlyList<RepeatMatch> Matches)
{
    public static readonly RepeatOutcome None = new(null, false, []);
}

/// <summary>
/// The repeat rule (信访工作条例: a repeat is the same matter on the same facts), in one place. A complaint repeats an
/// earlier case when it is about the same subject (the same normalised target in the region) AND shares at least one
/// category AND is received within <see cref="WindowMonths"/> months of the earlier case's receipt or closing. Only
/// such a match links by itself; the same phone, a similar name or the same company with another problem are shown
/// to intake and never linked automatically. Pure: the grains and the read model only gather the candidates.
/// </summary>
public static class RepeatPolicy
{
    public const int WindowMonths = 12;

    public const double SameTargetScore = 1.0;
    public const double SamePhoneScore = 0.95;

    /// <summary>Decides link / suggest / nothing for a new complaint against the earlier cases gathered for it.</summary>
    public static RepeatOutcome Decide(RepeatComplaint complaint, IEnumerable<RepeatCandidateFacts> candidates)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var all = candidates.GroupBy(c => c.CaseNo, StringComparer.Ordinal).Select(Merge).ToList();
        var byNo = all.ToDictionary(c => c.CaseNo, StringComparer.Ordinal);

        var classified = all.Select(c => (Facts: c, Kind: KindOf(complaint, c))).Where(x => x.Kind is not null).ToList();

        // Links form stars: a match that is itself a repeat stands for its original. A not-accepted case was never
        // handled, and a diverted one was handled by another body, so a new complaint is handled afresh (intake may
        // still link it by hand).
        var originals = classified
            .Where(x => x.Kind == RepeatKind.SameMatter && IsHandledHere(x.Facts.Status))
            .Select(x => x.Facts.RepeatOf is { } original ? byNo.GetValueOrDefault(original) ?? x.Facts with { CaseNo = original, RepeatOf = null } : x.Facts)
            .Where(o => IsHandledHere(o.Status))
            .DistinctBy(o => o.CaseNo)
            .ToList();
        var open = originals.Where(o => o.Status.IsOpen()).OrderBy(o => o.ReceivedAt).ThenBy(o => o.CaseNo, StringComparer.Ordinal).FirstOrDefault();
        var chosen = open ?? originals.OrderByDescending(o => o.ReceivedAt).ThenByDescending(o => o.CaseNo, StringComparer.Ordinal).FirstOrDefault();

        var matches = classified
            .Select(x => new RepeatMatch(x.Facts.CaseNo, x.Kind!.Value, Score(x.Kind!.Value, x.Facts), x.Facts.CaseNo == chosen?.CaseNo))
            .OrderByDescending(m => m.WillLink).ThenByDescending(m => m.Score).ThenBy(m => m.CaseNo, StringComparer.Ordinal)
            .ToList();
        return new RepeatOutcome(chosen?.CaseNo, chosen?.Status == CaseStatus.Closed, matches);
    }

    /// <summary>The kind of one earlier case for this complaint, or null when it is no match at all.</summary>
    public static RepeatKind? KindOf(RepeatComplaint complaint, RepeatCandidateFacts c)
    {
        var inWindow = WithinWindow(complaint.ReceivedAt, c);
        if (c.SameTarget) return inWindow && SharesCategory(complaint.Categories, c.Categories) ? RepeatKind.SameMatter : RepeatKind.SameCompanyOtherMatter;
        if (c.SamePhone && inWindow) return RepeatKind.SamePhone;
        return c.Similarity > 0 ? RepeatKind.Similar : null;
    }

    /// <summary>A case this office handled (or handles): neither declined nor diverted to another body.</summary>
    private static bool IsHandledHere(CaseStatus status) => status is not (CaseStatus.NotAccepted or CaseStatus.Diverted);

    /// <summary>Received within twelve months of the earlier case's receipt or closing (either way round, for back-dated entries).</summary>
    public static bool WithinWindow(DateTimeOffset receivedAt, RepeatCandidateFacts earlier)
    {
        var anchor = earlier.ClosedAt is { } closed && closed > earlier.ReceivedAt ? closed : earlier.ReceivedAt;
        return receivedAt <= anchor.AddMonths(WindowMonths) && receivedAt >= earlier.ReceivedAt.AddMonths(-WindowMonths);
    }

    /// <summary>At least one shared category. Unknown categories of the complaint compare as shared; of a stored case, as not.</summary>
    public static bool SharesCategory(IReadOnlyCollection<Category>? complaint, IReadOnlyCollection<Category>? earlier) =>
        earlier is { Count: > 0 } && (complaint is not { Count: > 0 } || complaint.Any(earlier.Contains));

    /// <summary>
    /// Whether a case takes the automatic link its subject chose: not if intake unlinked it before, not if it is
    /// already a repeat or itself an original others repeat, and not once it was not accepted.
    /// </summary>
    public static bool AcceptsAutomaticLink(PetitionCase c) =>
        c.RepeatOf is null && !c.AutoLinkDeclined && c.Repeats.Count == 0 && c.Status != CaseStatus.NotAccepted;

    /// <summary>The reason written on an automatic link (the timeline and the registration answer show it).</summary>
    public const string AutomaticLinkReason = "同一被举报对象、同类问题，12个月内再次举报";

    private static double Score(RepeatKind kind, RepeatCandidateFacts c) => kind switch
    {
        RepeatKind.SameMatter or RepeatKind.SameCompanyOtherMatter => SameTargetScore,
        RepeatKind.SamePhone => SamePhoneScore,
        _ => Math.Round(c.Similarity, 3),
    };

    /// <summary>One case found by several gatherers (the target subject and the phone subject) counts once, with all it was found by.</summary>
    private static RepeatCandidateFacts Merge(IGrouping<string, RepeatCandidateFacts> found)
    {
        var first = found.First();
        return first with
        {
            SameTarget = found.Any(f => f.SameTarget),
            SamePhone = found.Any(f => f.SamePhone),
            Similarity = found.Max(f => f.Similarity),
            Categories = found.Select(f => f.Categories).FirstOrDefault(c => c is not null),
            ClosedAt = found.Select(f => f.ClosedAt).FirstOrDefault(c => c is not null),
        };
    }
}
