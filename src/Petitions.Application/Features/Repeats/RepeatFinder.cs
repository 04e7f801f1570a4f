using Orleans;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
using Petitions.Contracts.Subjects;
using Petitions.Domain.Cases;
using Petitions.Domain.Privacy;
using Petitions.Domain.Subjects;

namespace Petitions.Application.Features.Repeats;

/// <summary>How a candidate was found (the match, not the judgement: <see cref="RepeatKind"/> is the judgement).</summary>
public static class RepeatReasons
{
    public const string SameTarget = "SameTarget";
    public const string SamePhone = "SamePhone";
    public const string SimilarTarget = "SimilarTarget";
    public const string SimilarAddress = "SimilarAddress";
}

/// <summary>
/// An earlier case that may be about the same matter: how it was found (<see cref="Reason"/>), what the repeat rule
/// makes of it (<see cref="Kind"/>), whether saving links to it (<see cref="WillLink"/>; then
/// <see cref="OriginalClosed"/> says the link marks a closed case "办结后重复举报" for a supervisor to decide);
/// <see cref="Final"/>: the same matter was settled by a 复核 (信访工作条例 Art. 36) — the complainant's new complaint of it
/// is not accepted.
/// </summary>
public sealed record RepeatCandidate(
    string CaseNo, double Score, string Reason, CaseStatus Status, DateTimeOffset ReceivedAt,
    string Unit, string UnitName, Verdict? Verdict, string Target, bool IsRepeat,
    RepeatKind Kind, bool WillLink, bool OriginalClosed, bool Final = false);

/// <summary>What intake asks about: the region, and any of target, phone, address and categories.</summary>
public sealed record RepeatProbe(
    string RegionCode, string? Target, string? Phone, string? Address, IReadOnlyCollection<Category>? Categories, DateTimeOffset ReceivedAt,
    string? ExceptCaseNo = null);

/// <summary>
/// Gathers candidates without scanning cases — the subject grains answer exact matches (the same target, the same
/// phone, in the region), the near-match index answers similar targets and addresses — and lets
/// <see cref="RepeatPolicy"/> decide. The caller sees only candidates in its scope.
/// </summary>
public sealed class RepeatFinder(IGrainFactory grains, IRepeatSearch search, UnitDirectory units, PhoneHasher phones)
{
    public const double NearTargetThreshold = 0.5;
    public const double NearAddressThreshold = 0.6;

    private sealed record Found(RepeatCandidateFacts Facts, string Reason, string Unit, Verdict? Verdict, string Target);

    public async Task<IReadOnlyList<RepeatCandidate>> FindAsync(RepeatProbe probe, Scope scope, int limit, CancellationToken cancellationToken)
    {
        var tree = await units.GetAsync(cancellationToken);
        var found = new List<Found>();

        var normalized = probe.Target is null ? "" : SubjectKey.Normalize(probe.Target);
        var subjectKey = normalized.Length > 0 ? SubjectKey.For(probe.RegionCode, probe.Target!) : null;
        if (subjectKey is not null)
        {
            foreach (var c in await grains.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Target(subjectKey)).Cases())
                found.Add(new Found(c.AsCandidate(sameTarget: true, samePhone: false), RepeatReasons.SameTarget, c.LeadUnit, c.Verdict, c.Target));
        }

        if (await phones.HashAsync(PhoneNumber.Normalize(probe.Phone), cancellationToken) is { } hash)
        {
            foreach (var c in await grains.GetGrain<IComplaintSubjectGrain>(SubjectKeys.Phone(probe.RegionCode, hash)).Cases())
                found.Add(new Found(c.AsCandidate(sameTarget: false, samePhone: true), RepeatReasons.SamePhone, c.LeadUnit, c.Verdict, c.Target));
        }

        if (normalized.Length > 0)
        {
            foreach (var c in await search.SimilarTargetsAsync(probe.RegionCode, normalized, subjectKey, NearTargetThreshold, cancellationToken))
                found.Add(Near(c, c.Score, RepeatReasons.SimilarTarget));
        }

        if (!string.IsNullOrWhiteSpace(probe.Address) && SubjectKey.Normalize(probe.Address) is { Length: > 1 } address)
        {
            foreach (var c in await search.SimilarAddressesAsync(probe.RegionCode, address, NearAddressThreshold, cancellationToken))
                found.Add(Near(c, Math.Round(0.9 * c.Score, 3), RepeatReasons.SimilarAddress));
        }

        found.RemoveAll(f => f.Facts.CaseNo == probe.ExceptCaseNo);
        var outcome = RepeatPolicy.Decide(new RepeatComplaint(probe.ReceivedAt, probe.Categories), found.Select(f => f.Facts));

        // How it was found: the strongest way (an exact subject before a phone before a near match).
        var byCase = found.GroupBy(f => f.Facts.CaseNo).ToDictionary(g => g.Key, g => g.OrderBy(f => Rank(f.Reason)).ThenByDescending(f => f.Facts.Similarity).First());
        var candidates = outcome.Matches
            .Select(m => (Match: m, Found: byCase[m.CaseNo]))
            .Where(x => scope.Includes(x.Found.Unit))
            .Select(x => new RepeatCandidate(x.Match.CaseNo, x.Match.Score, x.Found.Reason, x.Found.Facts.Status, x.Found.Facts.ReceivedAt,
                x.Found.Unit, tree.NameOf(x.Found.Unit), x.Found.Verdict, x.Found.Target, x.Found.Facts.RepeatOf is not null,
                x.Match.Kind, x.Match.WillLink, x.Match.WillLink && outcome.OriginalClosed))
            .Take(limit)
            .ToList();

        // Whether the same matter was settled by a 复核: asked of the few same-matter cases only.
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Kind != RepeatKind.SameMatter) continue;
            var earlier = await grains.GetGrain<Contracts.Cases.IPetitionCaseGrain>(candidates[i].CaseNo).Get();
            if (earlier is not null && Domain.Cases.Reviews.IsFinal(earlier)) candidates[i] = candidates[i] with { Final = true };
        }

        return candidates;
    }

    private static Found Near(IndexedRepeatCase c, double score, string reason) =>
        new(new RepeatCandidateFacts(c.CaseNo, c.Status, c.ReceivedAt, c.ClosedAt, c.Categories, c.RepeatOf, SameTarget: false, Similarity: score),
            reason, c.LeadUnit, c.Verdict, c.Target);

    private static int Rank(string reason) => reason switch
    {
        RepeatReasons.SameTarget => 0,
        RepeatReasons.SamePhone => 1,
        _ => 2,
    };
}
