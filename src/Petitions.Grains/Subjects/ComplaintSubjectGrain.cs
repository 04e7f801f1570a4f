using Petitions.Contracts;
using Petitions.Contracts.Storage;
using Petitions.Contracts.Subjects;
using Petitions.Domain.Subjects;

namespace Petitions.Grains.Subjects;

/// <summary>
/// The cases about one subject. Recording is serialised here, so fifty simultaneous registrations about one
/// company all end up linked to the same original.
/// </summary>
[GrainType("complaint-subject")]
public sealed class ComplaintSubjectGrain(
    [PersistentState(StateNames.ComplaintSubject, StorageNames.Petitions)] IPersistentState<ComplaintSubjectState> state)
    : Grain, IComplaintSubjectGrain
{
    public async Task<string?> Record(SubjectCase entry)
    {
        var cases = state.State.Cases;
        var index = cases.FindIndex(c => c.CaseNo == entry.CaseNo);
        if (index < 0)
        {
            var linkedTo = ChooseOriginal(cases, entry);
            cases.Add(entry with { LinkedTo = linkedTo });
            await this.WriteOrDeactivate(state);
            return linkedTo;
        }

        var known = cases[index];
        var refreshed = entry with { LinkedTo = known.LinkedTo };
        // Entries recorded before categories were gathered fill them in on the case's next publish.
        if ((entry.Version > known.Version || known.Categories is null) && Differs(known, refreshed))
        {
            cases[index] = refreshed;
            await this.WriteOrDeactivate(state);
        }

        return known.LinkedTo;
    }

    public Task<IReadOnlyList<SubjectCase>> Cases() => Task.FromResult<IReadOnlyList<SubjectCase>>(state.State.Cases.ToList());

    /// <summary>The grain only gathers: its other cases are the candidates, <see cref="RepeatPolicy"/> decides.</summary>
    private string? ChooseOriginal(List<SubjectCase> cases, SubjectCase entry)
    {
        var sameTarget = SubjectKeys.IsTarget(this.GetPrimaryKeyString());
        var candidates = cases.Where(c => c.CaseNo != entry.CaseNo).Select(c => c.AsCandidate(sameTarget, samePhone: !sameTarget));
        return RepeatPolicy.Decide(new RepeatComplaint(entry.ReceivedAt, entry.Categories ?? []), candidates).LinkTo;
    }

    /// <summary>Only what repeat detection uses is worth a storage write.</summary>
    private static bool Differs(SubjectCase a, SubjectCase b) =>
        a.Status != b.Status || a.LeadUnit != b.LeadUnit || a.Verdict != b.Verdict || a.RepeatOf != b.RepeatOf || a.AutoLinkDeclined != b.AutoLinkDeclined
        || a.ClosedAt != b.ClosedAt || !(a.Categories ?? []).SequenceEqual(b.Categories ?? []);
}
