using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Domain.Tests.Cases;

/// <summary>Written notices and their deliveries (docs/domain-rules.md, "Written notices and deliveries").</summary>
public sealed class NoticeRuleTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static RecordDeliveryCommand Deliver(CaseDocumentKind kind, DateTimeOffset at, DeliveryMethod method = DeliveryMethod.Post) =>
        new(kind, method, at, "信访人本人");

    [Theory]
    [InlineData(Verdict.Substantiated, HandlingOpinion.Support)]
    [InlineData(Verdict.PartlySubstantiated, HandlingOpinion.Support)]
    [InlineData(Verdict.Unsubstantiated, HandlingOpinion.Explain)]
    public void A_result_without_an_opinion_takes_the_verdicts(Verdict verdict, HandlingOpinion expected)
    {
        var b = new CaseBuilder().ToInProgress().Visit();
        b.Do(new SubmitResultCommand(verdict, "查明", "措施", null, "摘要"), CaseBuilder.Handler);

        Assert.Equal(expected, b.Case.Result!.Opinion);
        Assert.Equal(expected, ((ResultSubmitted)b.Case.Timeline[^1].Event).Opinion);
    }

    [Fact]
    public void A_result_keeps_the_opinion_the_handler_names_and_an_old_result_without_one_follows_its_verdict()
    {
        var b = new CaseBuilder().ToInProgress().Visit();
        b.Do(new SubmitResultCommand(Verdict.Substantiated, "查明", "措施", null, "摘要", HandlingOpinion.NotSupport), CaseBuilder.Handler);
        Assert.Equal(HandlingOpinion.NotSupport, b.Case.Result!.EffectiveOpinion);

        var old = b.Case.Result with { Opinion = null, Verdict = Verdict.Unsubstantiated };
        Assert.Equal(HandlingOpinion.Explain, old.EffectiveOpinion);
    }

    [Fact]
    public void A_not_accepted_case_keeps_the_competent_body_and_has_a_refusal_notice_but_no_acceptance_notice()
    {
        var b = new CaseBuilder().Register();
        b.Do(new NotAcceptCaseCommand("属于劳动争议", new CompetentBody("乌鲁木齐市劳动人事争议仲裁委员会", "向其申请劳动仲裁")), CaseBuilder.Intake);

        Assert.Equal(new CompetentBody("乌鲁木齐市劳动人事争议仲裁委员会", "向其申请劳动仲裁"), b.Case.NotAcceptedCompetentBody);
        Assert.Equal(b.Case.Timeline[^1].At, CaseDocuments.IssuedAt(b.Case, CaseDocumentKind.RefusalNotice));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.AcceptanceNotice));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.HandlingOpinion));
        Assert.True(CaseDocuments.Exists(b.Case, CaseDocumentKind.Receipt));
    }

    [Fact]
    public void Each_document_exists_from_the_step_that_makes_it()
    {
        var b = new CaseBuilder().Register().Assign();
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.AcceptanceNotice));
        b.Accept();
        Assert.True(CaseDocuments.Exists(b.Case, CaseDocumentKind.AcceptanceNotice));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.ExtensionNotice));
        b.RequestExtensionCommand(10);
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.ExtensionNotice));
        b.ApproveExtensionCommand();
        Assert.True(CaseDocuments.Exists(b.Case, CaseDocumentKind.ExtensionNotice));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.HandlingOpinion));
        b.Visit().Result();
        Assert.True(CaseDocuments.Exists(b.Case, CaseDocumentKind.HandlingOpinion));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.ReviewOpinion));
        Assert.False(CaseDocuments.Exists(b.Case, CaseDocumentKind.RefusalNotice));
    }

    [Fact]
    public void A_delivery_is_on_the_timeline_and_cannot_predate_its_document_or_lie_in_the_future()
    {
        var b = new CaseBuilder().ToResultSubmitted();
        var issued = b.Case.Result!.SubmittedAt;

        var (_, early) = b.Try(Deliver(CaseDocumentKind.HandlingOpinion, issued.AddHours(-1)), CaseBuilder.Intake);
        Assert.Equal((Rules.DeliveryBeforeDocument, ViolationKind.Invalid, "deliveredAt"), (early.Violation?.Rule, early.Violation?.Kind, early.Violation?.Field));

        var (_, future) = b.Try(Deliver(CaseDocumentKind.HandlingOpinion, b.Now.AddHours(1)), CaseBuilder.Intake);
        Assert.Equal((Rules.DateInFuture, "deliveredAt"), (future.Violation?.Rule, future.Violation?.Field));

        var handedOver = b.Now;
        b.Do(Deliver(CaseDocumentKind.HandlingOpinion, handedOver, DeliveryMethod.InPerson), CaseBuilder.Intake);
        Assert.Equal(new DocumentDelivered(1, CaseDocumentKind.HandlingOpinion, DeliveryMethod.InPerson, handedOver.ToUniversalTime(), "信访人本人", 1), b.Case.Timeline[^1].Event);
        Assert.Equal(1, CaseDocuments.OpinionDelivery(b.Case)?.ResultNo);
    }

    [Fact]
    public void A_new_result_needs_its_own_opinion_delivery()
    {
        var b = new CaseBuilder().ToResultSubmitted();
        b.Do(Deliver(CaseDocumentKind.HandlingOpinion, b.Now), CaseBuilder.Intake);
        b.Callback(Satisfaction.Dissatisfied);
        Assert.Null(CaseDocuments.OpinionDelivery(b.Case));

        b.Visit().Result();
        Assert.Null(CaseDocuments.OpinionDelivery(b.Case));
        b.Do(Deliver(CaseDocumentKind.HandlingOpinion, b.Now), CaseBuilder.Intake);
        Assert.Equal(2, CaseDocuments.OpinionDelivery(b.Case)?.ResultNo);
    }

    [Fact]
    public void The_acceptance_notice_is_due_at_the_end_of_the_15th_China_day_after_receipt_across_the_date_line_and_month_end()
    {
        // 17:00 UTC on 20 February 2024 is already 21 February in China; 2024 is a leap year: 21 Feb + 15 = 7 March.
        var received = new DateTimeOffset(2024, 2, 20, 17, 0, 0, TimeSpan.Zero);
        var b = new CaseBuilder(received.AddHours(1)).Register(received);
        var due = CaseDocuments.AcceptanceNoticeDueAt(b.Case);

        Assert.Equal(new DateTimeOffset(2024, 3, 7, 23, 59, 59, China), due);
        Assert.False(CaseDocuments.IsAcceptanceNoticeOverdue(b.Case, due));
        Assert.True(CaseDocuments.IsAcceptanceNoticeOverdue(b.Case, due.AddSeconds(1)));
    }

    [Fact]
    public void Either_decision_notice_delivered_ends_the_acceptance_notice_clock()
    {
        var accepted = new CaseBuilder().Register().Assign().Accept();
        var late = CaseDocuments.AcceptanceNoticeDueAt(accepted.Case).AddDays(3);
        Assert.True(CaseDocuments.IsAcceptanceNoticeOverdue(accepted.Case, late));
        accepted.Do(Deliver(CaseDocumentKind.AcceptanceNotice, accepted.Now), CaseBuilder.Intake);
        Assert.False(CaseDocuments.IsAcceptanceNoticeOverdue(accepted.Case, late));
        Assert.Null(CaseDocuments.PendingAcceptanceNoticeDueAt(accepted.Case));

        var refused = new CaseBuilder().ToNotAccepted();
        Assert.True(CaseDocuments.IsAcceptanceNoticeOverdue(refused.Case, late));
        refused.Do(Deliver(CaseDocumentKind.RefusalNotice, refused.Now), CaseBuilder.Intake);
        Assert.False(CaseDocuments.IsAcceptanceNoticeOverdue(refused.Case, late));

        // The receipt is not the decision.
        var receipted = new CaseBuilder().Register();
        receipted.Do(Deliver(CaseDocumentKind.Receipt, receipted.Now), CaseBuilder.Intake);
        Assert.True(CaseDocuments.IsAcceptanceNoticeOverdue(receipted.Case, late));
    }

    [Fact]
    public void The_review_window_closes_at_the_end_of_the_30th_China_day_after_the_opinion_was_delivered()
    {
        var b = new CaseBuilder(new DateTimeOffset(2024, 1, 25, 9, 0, 0, China)).ToResultSubmitted();
        Assert.Null(CaseDocuments.ReviewWindowClosesAt(b.Case));

        // 18:00 UTC on 31 January is 1 February in China: 1 Feb + 30 days = 2 March (29 days in February 2024).
        var delivered = new DateTimeOffset(2024, 1, 31, 18, 0, 0, TimeSpan.Zero);
        b.At(delivered.AddHours(1)).Do(Deliver(CaseDocumentKind.HandlingOpinion, delivered), CaseBuilder.Intake);

        Assert.Equal(new DateTimeOffset(2024, 3, 2, 23, 59, 59, China), CaseDocuments.ReviewWindowClosesAt(b.Case));
        Assert.Equal(new DateOnly(2024, 3, 2), ChinaTime.DateOf(CaseDocuments.ReviewWindowClosesAt(b.Case)!.Value));
    }
}
