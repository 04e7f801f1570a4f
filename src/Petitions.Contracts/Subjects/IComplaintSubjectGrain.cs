using Petitions.Domain.Cases;

namespace Petitions.Contracts.Subjects;

/// <summary>
/// One complaint subject (key: see <see cref="SubjectKeys"/>): the normalised target within a region, or a
/// complainant's phone hash within a region. It knows every case about the subject, so repeats are found
/// without scanning cases.
/// </summary>
public interface IComplaintSubjectGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records (or refreshes) a case of this subject. Returns the case it repeats: chosen when the case is first
    /// recorded — the earliest open original, else the latest closed one — and the same on every later call.
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
    [property: Id(9)] string? LinkedTo = null)
{
    public bool IsOpen => Status.IsOpen();

    /// <summary>
    /// A case others may be linked to: accepted for handling and not a repeat — neither linked yet nor about to be
    /// (an entry chosen a link target at recording is a repeat from birth, even before its own link is written).
    /// </summary>
    public bool IsOriginal => RepeatOf is null && (LinkedTo is null || AutoLinkDeclined) && Status != CaseStatus.NotAccepted;

    public static SubjectCase Of(PetitionCase c) =>
        new(c.CaseNo, c.ReceivedAt, c.Status, c.EffectiveLeadUnit, c.Result?.Verdict, c.RepeatOf, c.Version, c.Target, c.AutoLinkDeclined);
}

public static class SubjectKeys
{
    /// <summary>The same target in the same region (the case's SubjectKey: "region|normalised target").</summary>
    public static string Target(string subjectKey) => $"t|{subjectKey}";

    /// <summary>The same complainant phone (keyed hash) in the same region.</summary>
    public static string Phone(string regionCode, string phoneHash) => $"p|{regionCode}|{phoneHash}";

    /// <summary>Phone matches count within twelve months.</summary>
    public static readonly TimeSpan PhoneWindow = TimeSpan.FromDays(365);
}
