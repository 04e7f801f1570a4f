using Petitions.Domain.Cases;

namespace Petitions.Domain.Evidence;

/// <summary>
/// Whether a file may be attached to a case: the step it documents exists, and the case stays within its total size.
/// The bytes are checked (type, size, name) before they reach here; this decides against the case's state.
/// </summary>
public static class EvidenceRules
{
    public static Decision Decide(PetitionCase s, AttachEvidenceCommand c)
    {
        if (CaseCommandTable.Refusal(s, CaseCommandKind.AttachEvidence) is { } refused) return Decision.Refuse(refused);
        // A retry of the same upload (its id comes from the idempotency key) changes nothing.
        if (s.Attachments.Any(a => a.Id == c.AttachmentId)) return Decision.AlreadyInEffect;
        if (Resolve(s, c.AttachTo) is not { } target)
            return Decision.Refuse(new(Rules.EvidenceTargetNotFound, ViolationKind.Invalid,
                $"The case has no {c.AttachTo} to attach a file to.", s.Status, "attachTo"));
        if (TotalSize(s) + c.Size > c.CaseLimitBytes)
            return Decision.Refuse(new(Rules.EvidenceCaseLimit, ViolationKind.Conflict,
                $"The case's files would exceed {c.CaseLimitBytes / (1024 * 1024)} MB together.", s.Status, "file"));
        return Decision.Accept(new EvidenceAttached(c.AttachmentId, c.Name, c.Size, c.Sha256, c.ContentType, target.ToString()));
    }

    /// <summary>The target as stored ("result" becomes the latest result's number), or null when the case has no such step.</summary>
    public static EvidenceTarget? Resolve(PetitionCase s, EvidenceTarget target) => target.Kind switch
    {
        EvidenceTargetKind.Case or EvidenceTargetKind.Registration => target,
        EvidenceTargetKind.SiteVisit => s.SiteVisits.Any(v => v.No == target.No) ? target : null,
        EvidenceTargetKind.Result when target.No is null => s.Result is { } latest ? target with { No = latest.No } : null,
        EvidenceTargetKind.Result => s.Results.Any(r => r.No == target.No) ? target : null,
        EvidenceTargetKind.Callback => s.Callbacks.Any(c => c.No == target.No) ? target : null,
        EvidenceTargetKind.Review => s.Reviews.Any(r => r.No == target.No) ? target : null,
        EvidenceTargetKind.LookBack => target.No <= s.LookBacks.Count ? target : null,
        _ => null,
    };

    /// <summary>The bytes the case's files take together (each attachment counted, even when two share one stored blob).</summary>
    public static long TotalSize(PetitionCase s) => s.Attachments.Sum(a => a.Size);
}
