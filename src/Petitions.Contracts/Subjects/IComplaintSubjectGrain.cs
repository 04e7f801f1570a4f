using Petitions.Domain.Cases;
using Petitions.Domain.Subjects;

namespace Petitions.Contracts.Subjects;

/// <summary>
/// One complaint subject (key: see <see cref="SubjectKeys"/>): the normalised target within a region, or a
/// complainant's phone hash within a region. It knows every case about the subject, so repeats are found
/// without scanning cases.
/// </summary>
public interface IComplaintSubjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records (or refreshes) a case of this subject. Returns the case it repeats: decided by
    /// <see cref="Petitions.Domain.Subjects.RepeatPolicy"/> over the subject's other cases when the case is first
    /// recorded, and the same on every later call. A phone subject never decides a link (the same caller may
    /// complain about other matters); it answers null.
    /// </summary>
    Task<string?> Record(SubjectCase entry);

    Task<IReadOnlyList<SubjectCase>> Cases();
}

/// <summary>What a subject knows about one of its cases.</summary>
[GenerateSerializer, Immutable]
public sealed record SubjectCase(
    [property: Id(0)] string CaseNo,
    [property: Id(1)] DateTimeOffset ReceivedAt,
    [property: Id(2)] CaseStatus Status,
    [property: Id(3)] string LeadUnit,
    [property: Id(4)] Verdict? Verdict,
    [property: Id(5)] string? RepeatOf,
    [property: Id(6)] int Version,
    [property: Id(7)] string Target,
    [property: Id(8)] bool AutoLinkDeclined,
    [property: Id(9)] string? LinkedTo = null,
    [property: Id(10)] IReadOnlyList<Category>? Categories = null,
    [property: Id(11)] DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => Status.IsOpen();

    /// <summary>
    /// A case others may be linked to: accepted for handling and not a repeat — neither linked yet nor about to be
    /// (an entry chosen a link target at recording is a repeat from birth, even before its own link is written).
    /// </summary>
    public bool IsOriginal => RepeatOf is null && (LinkedTo is null || AutoLinkDeclined) && Status != CaseStatus.NotAccepted;

    public static SubjectCase Of(PetitionCase c) =>
        new(c.CaseNo, c.ReceivedAt, c.Status, c.EffectiveLeadUnit, c.Result?.Verdict, c.RepeatOf, c.Version, c.Target, c.AutoLinkDeclined,
            Categories: c.Categories, ClosedAt: c.Status == CaseStatus.Closed ? c.Closure?.ClosedAt : null);

    /// <summary>
    /// The case as a repeat candidate. A case chosen a link target at recording is a repeat from birth, even before
    /// its own link is written (unless intake unlinked it).
    /// </summary>
    public RepeatCandidateFacts AsCandidate(bool sameTarget, bool samePhone) =>
        new(CaseNo, Status, ReceivedAt, ClosedAt, Categories, RepeatOf ?? (AutoLinkDeclined ? null : LinkedTo), sameTarget, samePhone);
}

public static class SubjectKeys
{
    /// <summary>The same target in the same region (the case's SubjectKey: "region|normalised target").</summary>
    public static string Target(string subjectKey) => $"t|{subjectKey}";

    /// <summary>The same complainant phone (keyed hash) in the same region.</summary>
    public static string Phone(string regionCode, string phoneHash) => $"p|{regionCode}|{phoneHash}";

    /// <summary>Whether a subject key is a target subject (else a phone subject).</summary>
    public static bool IsTarget(string key) => key.StartsWith("t|", StringComparison.Ordinal);
}
