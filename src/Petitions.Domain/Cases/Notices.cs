using Petitions.Domain.Common;

namespace Petitions.Domain.Cases;

/// <summary>The written documents a case gives its complainant (书面告知), in the API's order.</summary>
public enum CaseDocumentKind { Receipt, AcceptanceNotice, RefusalNotice, ExtensionNotice, HandlingOpinion, ReviewOpinion }

/// <summary>How a document reached the complainant (送达).</summary>
public enum DeliveryMethod { InPerson, Post, Sms, Online, Phone }

/// <summary>The outcome a written handling opinion states (信访处理意见书): 支持 / 解释说明 / 不予支持.</summary>
public enum HandlingOpinion { Support, Explain, NotSupport }

/// <summary>One delivery of a document; <see cref="ResultNo"/> is the result a handling opinion answered, or the review a
/// review opinion answered (0 otherwise).</summary>
public sealed record Delivery(int No, CaseDocumentKind Document, DeliveryMethod Method, DateTimeOffset DeliveredAt, string? Recipient, int ResultNo, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>Who decides a matter the office does not accept, and how to reach them (the refusal notice names both).</summary>
public sealed record CompetentBody(string Body, string Channel);

/// <summary>
/// Which documents a case has, since when, and the clocks deliveries start (信访工作条例 Art. 23, 32, 35): the
/// acceptance decision is told in writing within 15 days of receipt; the 30-day 复查 window runs from delivery of the
/// handling opinion.
/// </summary>
public static class CaseDocuments
{
    public const int ReviewWindowDays = 30;

    /// <summary>The opinion that follows from a verdict when the handler names none: substantiated or partly → 支持, else 解释说明.</summary>
    public static HandlingOpinion OpinionFor(Verdict verdict) =>
        verdict == Verdict.Unsubstantiated ? HandlingOpinion.Explain : HandlingOpinion.Support;

    /// <summary>When the document came into being (its date), or null when the case has no such document (yet).</summary>
    public static DateTimeOffset? IssuedAt(PetitionCase s, CaseDocumentKind kind) => kind switch
    {
        CaseDocumentKind.Receipt => s.RegisteredAt,
        CaseDocumentKind.AcceptanceNotice => FirstAt<CaseAccepted>(s),
        CaseDocumentKind.RefusalNotice => s.Status == CaseStatus.NotAccepted ? FirstAt<CaseNotAccepted>(s) : null,
        CaseDocumentKind.ExtensionNotice => s.Extension is { Status: ExtensionStatus.Approved, DecidedAt: { } decided } ? decided : null,
        CaseDocumentKind.HandlingOpinion => s.Result?.SubmittedAt,
        // The latest answered 复查 / 复核 (a delivery of it records that review's number).
        CaseDocumentKind.ReviewOpinion => Reviews.LatestAnsweredAt(s),
        _ => null,
    };

    public static bool Exists(PetitionCase s, CaseDocumentKind kind) => IssuedAt(s, kind) is not null;

    /// <summary>
    /// The complainant must be told in writing within 15 days of receipt whether the complaint is accepted: by 24:00
    /// China time of the 15th day after receipt, an acceptance or refusal notice must have been delivered.
    /// </summary>
    public static DateTimeOffset AcceptanceNoticeDueAt(PetitionCase s) => Deadlines.AcceptanceDue(s.ReceivedAt);

    /// <summary>Whether the acceptance decision has been delivered in writing (either notice).</summary>
    public static bool AcceptanceDecisionDelivered(PetitionCase s) =>
        s.Deliveries.Any(d => d.Document is CaseDocumentKind.AcceptanceNotice or CaseDocumentKind.RefusalNotice);

    /// <summary>The acceptance notice's deadline while no decision notice has been delivered; null once one has.</summary>
    public static DateTimeOffset? PendingAcceptanceNoticeDueAt(PetitionCase s) =>
        AcceptanceDecisionDelivered(s) ? null : AcceptanceNoticeDueAt(s);

    public static bool IsAcceptanceNoticeOverdue(PetitionCase s, DateTimeOffset now) =>
        PendingAcceptanceNoticeDueAt(s) is { } due && now > due;

    /// <summary>The delivery of the handling opinion of the result in force (the first one), or null.</summary>
    public static Delivery? OpinionDelivery(PetitionCase s) =>
        s.Results.Count == 0 || s.Status is not (CaseStatus.ResultSubmitted or CaseStatus.Closed)
            ? null
            : s.Deliveries.FirstOrDefault(d => d.Document == CaseDocumentKind.HandlingOpinion && d.ResultNo == s.Results.Count);

    /// <summary>The last moment a 复查 may be asked for: 24:00 China time of the 30th day after the opinion was delivered.</summary>
    public static DateTimeOffset? ReviewWindowClosesAt(PetitionCase s) =>
        OpinionDelivery(s) is { } d ? Deadlines.DaysAfter(d.DeliveredAt, ReviewWindowDays) : null;

    private static DateTimeOffset? FirstAt<T>(PetitionCase s) where T : CaseEvent =>
        s.Timeline.FirstOrDefault(e => e.Event is T)?.At;
}
