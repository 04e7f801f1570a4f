using Petitions.Domain.Cases;

namespace Petitions.Domain.Tests.Cases;

/// <summary>
/// Case types, diversion (转送) and urgent matters in the pure rules. The Diverted state is the matrix's missing column:
/// a diverted case answers every command exactly as a not-accepted one does (both are terminal exits of triage, handled
/// elsewhere or not at all), with its own status where the not-accepted case keeps its own.
/// </summary>
public sealed class DiversionRuleTests
{
    private static CaseBuilder Diverted(Prerequisite needs)
    {
        var b = TransitionMatrixTests.Build(CaseState.Registered, needs);
        return b.Do(new DivertCaseCommand(DivertBody.PoliticalLegal, null, "已进入诉讼程序", "已转送人民法院"), CaseBuilder.Intake);
    }

    public static TheoryData<string> RowNames()
    {
        var data = new TheoryData<string>();
        // Documents differ: a not-accepted case has its refusal notice (不予受理告知书), a diverted one does not — its
        // notice of the diversion is on the timeline (the test below).
        foreach (var row in TransitionMatrixTests.Rows.Where(r => r.Name != "RecordDeliveryCommand (refusal notice)")) data.Add(row.Name);
        return data;
    }

    [Fact]
    public void A_diverted_case_has_no_refusal_notice_to_deliver()
    {
        var b = Diverted(Prerequisite.None);
        var (_, decision) = b.Try(new RecordDeliveryCommand(CaseDocumentKind.RefusalNotice, DeliveryMethod.Online, b.Now, null), CaseBuilder.Intake);
        Assert.Equal(Rules.DocumentNotIssued, decision.Violation?.Rule);
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public void A_diverted_case_answers_every_command_like_a_not_accepted_one(string name)
    {
        var row = TransitionMatrixTests.Rows.Single(r => r.Name == name);
        var expected = row.For(CaseState.NotAccepted);
        var b = Diverted(row.Needs);
        var before = b.Case;
        Assert.Equal(CaseStatus.Diverted, before.Status);

        var (after, decision) = b.Try(row.Command(b), CaseBuilder.Supervisor);

        if (expected.Rule is not null)
        {
            Assert.True(decision.Violation is not null, $"{name}: expected {expected}, but it was accepted.");
            Assert.Equal(expected.Rule, decision.Violation.Rule);
            Assert.Equal(expected.Kind, decision.Violation.Kind);
            Assert.Equal(CaseStatus.Diverted, decision.Violation.CurrentStatus);
            Assert.Same(before, after);
            return;
        }

        Assert.True(decision.Violation is null, $"{name}: expected {expected}, but refused {decision.Violation?.Rule}.");
        if (expected.Unchanged)
        {
            Assert.Same(before, after);
            return;
        }

        Assert.Equal(CaseStatus.Diverted, after!.Status);
        Assert.Equal(before.Version + 1, after.Version);
    }

    [Fact]
    public void Diverting_keeps_the_body_reason_and_notice_and_ends_the_deadlines()
    {
        var b = new CaseBuilder().Register().Assign().Accept().AdvanceDays(3);
        b.Do(new DivertCaseCommand(DivertBody.Other, "伊宁市自然资源局", "征地补偿纠纷", "您反映的问题已转送伊宁市自然资源局。"), CaseBuilder.Intake);

        var c = b.Case;
        Assert.Equal(CaseStatus.Diverted, c.Status);
        Assert.False(c.IsOpen);
        Assert.Null(c.DueAt);
        Assert.False(c.IsOverdue(b.Now.AddYears(1)));
        Assert.Equal(new Diversion(DivertBody.Other, "伊宁市自然资源局", "征地补偿纠纷", "您反映的问题已转送伊宁市自然资源局。", b.Now.ToUniversalTime(), CaseBuilder.Intake.Id), c.Diversion);
        Assert.IsType<CaseDiverted>(c.Timeline[^1].Event);
    }

    [Fact]
    public void A_reopened_case_diverted_leaves_the_problem_list()
    {
        var b = new CaseBuilder().Register().Assign().Accept().Visit().Result().Callback().Close().Reopen();
        Assert.NotNull(b.Case.Problem);

        b.Do(new DivertCaseCommand(DivertBody.DisciplineInspection, null, "涉及公职人员失职", "已转送纪检监察机关"), CaseBuilder.Supervisor);

        Assert.Null(b.Case.Problem);
        Assert.Equal(CaseStatus.Diverted, b.Case.Status);
    }

    [Fact]
    public void A_registration_has_its_type_and_an_urgent_flag_is_on_the_timeline_at_once()
    {
        var register = CaseBuilder.Registration(CaseBuilder.DefaultStart) with { CaseType = CaseType.Appeal, Urgent = new UrgentFlag(UrgentKind.MassIncident, "村民聚集") };
        var b = new CaseBuilder().Do(register, CaseBuilder.Intake);

        Assert.Equal(CaseType.Appeal, b.Case.Type);
        Assert.Equal(new UrgentMatter(UrgentKind.MassIncident, "村民聚集", b.Now.ToUniversalTime(), CaseBuilder.Intake.Id, []), b.Case.Urgent! with { Reports = [] });
        Assert.Equal([typeof(CaseRegistered), typeof(UrgentFlagged)], b.Case.Timeline.Select(e => e.Event.GetType()));
        Assert.Equal(1, b.Case.Version);

        var plain = new CaseBuilder().Register().Case;
        Assert.Equal(CaseType.Accusation, plain.Type);
        Assert.Null(plain.Urgent);
    }

    [Fact]
    public void An_urgent_case_is_flagged_once_and_only_an_urgent_case_is_reported()
    {
        var b = new CaseBuilder().Register();
        var (_, notUrgent) = b.Try(new ReportUrgentCommand("总值班室", b.Now, null), CaseBuilder.Supervisor);
        Assert.Equal(Rules.NotUrgent, notUrgent.Violation?.Rule);
        Assert.Equal(ViolationKind.Conflict, notUrgent.Violation?.Kind);

        b.Do(new FlagUrgentCommand(UrgentKind.Emergency, "河道死鱼"), CaseBuilder.Intake);
        var (_, again) = b.Try(new FlagUrgentCommand(UrgentKind.MassIncident, "群众聚集"), CaseBuilder.Intake);
        Assert.Equal(Rules.AlreadyUrgent, again.Violation?.Rule);
        Assert.Equal(ViolationKind.Conflict, again.Violation?.Kind);
    }

    [Fact]
    public void Upward_reports_are_numbered_and_dated_between_receipt_and_now()
    {
        var b = new CaseBuilder().Register().Do(new FlagUrgentCommand(UrgentKind.Emergency, "河道死鱼"), CaseBuilder.Intake).AdvanceDays(1);
        var first = b.Now.AddHours(-3);
        b.Do(new ReportUrgentCommand("自治区生态环境厅总值班室", first, "电话报告"), CaseBuilder.Supervisor);
        b.Do(new ReportUrgentCommand("分管副厅长", b.Now, null), CaseBuilder.Supervisor);

        Assert.Equal([1, 2], b.Case.Urgent!.Reports.Select(r => r.No));
        Assert.Equal(first.ToUniversalTime(), b.Case.Urgent.Reports[0].ReportedAt);
        Assert.Equal(CaseBuilder.Supervisor.Id, b.Case.Urgent.Reports[1].LoggedBy);

        var (_, early) = b.Try(new ReportUrgentCommand("总值班室", b.Case.ReceivedAt.AddHours(-1), null), CaseBuilder.Supervisor);
        Assert.Equal((Rules.DateBeforeReceipt, "reportedAt"), (early.Violation?.Rule, early.Violation?.Field));
        var (_, future) = b.Try(new ReportUrgentCommand("总值班室", b.Now.AddHours(1), null), CaseBuilder.Supervisor);
        Assert.Equal((Rules.DateInFuture, "reportedAt"), (future.Violation?.Rule, future.Violation?.Field));
    }
}
