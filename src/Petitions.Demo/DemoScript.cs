using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>The commands that take a planned case from registration to its fate, in the order a real unit would send them.</summary>
public static class DemoScript
{
    private static DemoStep Delivery(string name, CaseDocumentKind document) =>
        new(name, DemoActors.Intake, ctx => new RecordDeliveryCommand(document, DeliveryMethod.Post, ctx.Now, null));

    public static IReadOnlyList<DemoStep> StepsFor(PlannedCase c)
    {
        var steps = new List<DemoStep>();
        var handler = DemoActors.Handler(c.LeadUnit);
        var supervisor = DemoActors.Supervisor;
        if (c.Fate == DemoFate.NotAccepted)
        {
            steps.Add(new("not-accept", DemoActors.Intake, _ => new NotAcceptCaseCommand(c.NotAcceptedReason ?? "不属于受理范围")));
            steps.Add(Delivery("refusal-notice", CaseDocumentKind.RefusalNotice));
            return steps;
        }

        if (c.Fate == DemoFate.Diverted)
        {
            const string reason = "反映的是基层执法人员收受企业财物、包庇违法排污问题，属于纪检监察机关职责范围";
            steps.Add(new("divert", DemoActors.Intake, ctx => new DivertCaseCommand(DivertBody.DisciplineInspection, null, reason,
                Petitions.Application.Features.Triage.DiversionNotice.Standard(DivertBody.DisciplineInspection, null, reason, ctx.Now))));
            return steps;
        }

        if (c.Fate == DemoFate.Unassigned) return steps;

        // Overdue cases draw a supervisor's attention before they are accepted; the others once they are being worked on.
        if (c.Fate != DemoFate.AwaitingAcceptance)
        {
            steps.Add(new("accept", handler, _ => new AcceptCaseCommand()));
            // The petition office tells the complainant in writing (书面告知); a case still awaiting acceptance has no notice.
            steps.Add(Delivery("acceptance-notice", CaseDocumentKind.AcceptanceNotice));
        }
        if (c.Leader is { } leader)
        {
            steps.Add(new("leader", supervisor, _ => new NameLeaderOwnerCommand(leader.Name, leader.Title)));
        }

        if (c.Supervision > 0)
        {
            steps.Add(new("supervise", supervisor, ctx => new IssueSupervisionNoticeCommand(
                c.Fate == DemoFate.AwaitingAcceptance ? "该件已超过受理期限，请立即受理并报送办理进展。" : "该件办理进度滞后，请加快办理并按期报送整改进展。",
                ctx.Now.AddDays(7))));
            if (c.Supervision > 1)
            {
                steps.Add(new("supervise-reply", handler, _ => new ReplySupervisionNoticeCommand(1, "已召开专题会议研究部署，明确专人负责，整改正在推进。")));
            }
        }

        if (c.Fate == DemoFate.AwaitingAcceptance) return steps;

        if (c.Extension)
        {
            steps.Add(new("extension", handler, _ => new RequestExtensionCommand(15, "涉及多个部门联合核查，需要延期办理。")));
            if (c.Fate == DemoFate.ExtensionPending) return steps;
            steps.Add(new("extension-approve", supervisor, _ => new ApproveExtensionCommand()));
        }

        if (c.Fate == DemoFate.InProgress)
        {
            // Some cases in progress already have their site visit on record.
            if (c.SecondVisit) steps.Add(Visit("visit-1", c, handler, first: true));
            return steps;
        }

        steps.Add(Visit("visit-1", c, handler, first: true));
        if (c.SecondVisit) steps.Add(Visit("visit-1b", c, handler, first: false));
        steps.Add(new("result-1", handler, _ => Result(c, again: false)));
        if (c.Fate == DemoFate.ResultSubmitted) return steps;

        if (c.Dissatisfied)
        {
            // The complainant is not satisfied: the case goes back to work (automatically reopened).
            steps.Add(new("callback-1", handler, ctx => new LogCallbackCommand(ctx.Now, CallbackMethod.Phone, Contact(c), Satisfaction.Dissatisfied, "群众反映问题仍有反复，对整改效果不满意")));
            if (c.Fate == DemoFate.Reopened) return steps;
            steps.Add(Visit("visit-2", c, handler, first: false));
            steps.Add(new("result-2", handler, _ => Result(c, again: true)));
        }

        if (c.UnreachableFirst)
        {
            steps.Add(new("callback-2a", handler, ctx => new LogCallbackCommand(ctx.Now, CallbackMethod.Phone, Contact(c), Satisfaction.Unreachable, "电话无人接听")));
        }

        // The written handling opinion of the result in force reaches the complainant before the unit calls back.
        steps.Add(Delivery("handling-opinion", CaseDocumentKind.HandlingOpinion));
        steps.Add(new("callback-2", handler, ctx => new LogCallbackCommand(ctx.Now, c.Complainant is { Anonymous: false } ? CallbackMethod.Phone : CallbackMethod.Visit,
            Contact(c), c.Satisfaction, c.Satisfaction == Satisfaction.Satisfied ? "群众对处理结果表示满意" : "基本满意，希望加强后续监管")));
        if (c.ResidentCallback)
        {
            steps.Add(new("callback-3", handler, ctx => new LogCallbackCommand(ctx.Now, CallbackMethod.Visit, CallbackContact.Resident, Satisfaction.Satisfied, "走访周边居民，反映情况已明显改善")));
        }

        steps.Add(c.Fate == DemoFate.ClosedStage
            ? new("close", supervisor, ctx => new CloseCaseCommand(ClosureKind.Stage, "主体整改已完成，后续整改持续推进，限期验收销号。", ctx.Now.AddDays(c.RectificationDays)))
            : new("close", supervisor, _ => new CloseCaseCommand(ClosureKind.Final, "经验收，整改到位，同意办结。", null)));
        return steps;
    }

    /// <summary>Anonymous complaints are called back through the residents near the site.</summary>
    private static CallbackContact Contact(PlannedCase c) =>
        c.Complainant is { Anonymous: false, Phone: not null } ? CallbackContact.Complainant : CallbackContact.Resident;

    /// <summary>
    /// The planned visit date, unless the case must be investigated again after a repeat arrived (then the visit is
    /// now), or this is a follow-up visit.
    /// </summary>
    private static DemoStep Visit(string name, PlannedCase c, Actor handler, bool first) => new(name, handler, ctx =>
    {
        var planned = first && ctx.Case?.SiteVisitRequiredAfter is null && c.VisitedAt < ctx.Now ? c.VisitedAt : ctx.Now;
        var problem = DemoTexts.Problems[c.Categories[0]];
        var findings = c.Verdict == Verdict.Unsubstantiated
            ? $"现场检查{c.Target}，生产设施及污染防治设施运行正常，未发现举报反映的问题。"
            : $"现场检查{c.Target}，发现存在{problem}等问题，已拍照取证并制作现场检查笔录。";
        return new LogSiteVisitCommand(planned, c.Inspectors, first ? findings : "复查现场，督促整改措施落实到位。");
    });

    private static SubmitResultCommand Result(PlannedCase c, bool again)
    {
        var problem = DemoTexts.Problems[c.Categories[0]];
        var verdict = c.Verdict ?? Verdict.Substantiated;
        var penalties = c.Fine is { } fine ? $"依法立案查处，罚款{fine}万元。" : null;
        var recheck = again ? "针对群众不满意事项再次核查：" : "";
        var result = verdict switch
        {
            Verdict.Unsubstantiated => new SubmitResultCommand(verdict,
                $"{recheck}经现场核查及监测，{c.Target}各项污染防治设施正常运行，监测结果达标，未发现举报反映的问题，举报不属实。",
                "做好与举报人的沟通解释工作，纳入日常监管，加密巡查频次。", null,
                $"不属实。经现场核查，{c.Target}未发现举报反映的问题，已纳入日常监管。"),
            Verdict.PartlySubstantiated => new SubmitResultCommand(verdict,
                $"{recheck}经现场核查，{c.Target}存在{problem}问题，举报反映的其他情况不属实，举报部分属实。",
                "责令限期整改，加强日常监管，定期开展监测。", penalties,
                $"部分属实。已责令{c.Target}限期整改，属地部门加强监管。"),
            _ => new SubmitResultCommand(verdict,
                $"{recheck}经组织生态环境等部门现场核查，{c.Target}存在{problem}问题，举报情况属实。",
                "责令立即停止违法行为并限期整改，依法立案查处；整改完成后组织验收。", penalties,
                $"属实。已责令{c.Target}立即整改{(penalties is null ? "" : "，依法立案处罚")}，整改情况已验收。"),
        };
        return again ? result with { Measures = $"{result.Measures}建立长效监管机制，属地部门每周巡查。" } : result;
    }
}
