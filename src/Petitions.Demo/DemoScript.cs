using Petitions.Domain.Cases;

namespace Petitions.Demo;

/// <summary>
/// A planned case's life as a dated history (<see cref="CaseHistory"/>), in the order a real unit would act: received
/// and registered, accepted within days, visited after acceptance, answered, called back after the answer, closed.
/// Each case takes as long as its deadline allows (the handling period: 60 days, or the round's 10), a few run late,
/// and nothing happens after "now": a case whose work would end later is compressed into the time it has had.
/// Timing draws come from a generator seeded with the case's index, so they do not disturb the plan's own draws.
/// </summary>
public static class DemoScript
{
    /// <summary>The share of closed cases that close after their deadline (the on-time rate is not 100%).</summary>
    public const double LateShare = 0.08;

    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(30);

    /// <param name="Gap">The step's share of the work's span.</param>
    /// <param name="After">Days after the step before it instead (a notice delivered right after its decision): no share of the span.</param>
    private sealed record Draft(string Name, Actor Actor, double Gap, Func<DateTimeOffset, CaseCommand> Command, double? After = null);

    /// <param name="c">The planned case.</param>
    /// <param name="registration">Its registration (<see cref="DemoLoader.Registration"/>).</param>
    /// <param name="originalCaseNo">The case number of the original, for a repeat (linked when it was received).</param>
    /// <param name="now">Nothing is dated after this moment.</param>
    public static CaseHistory HistoryFor(PlannedCase c, RegisterCaseCommand registration, string? originalCaseNo, DateTimeOffset now)
    {
        var random = new Random(DemoPlan.Seed ^ (c.Index * 7919));
        var received = c.ReceivedAt.ToUniversalTime();
        var steps = new List<HistoryStep> { new(received, DemoActors.Intake, registration) };
        if (originalCaseNo is not null)
        {
            steps.Add(new(received, Actor.System, new LinkRepeatCommand(originalCaseNo, Domain.Subjects.RepeatPolicy.AutomaticLinkReason, Automatic: true)));
        }

        var period = Deadlines.HandlingPeriod(c.RoundHandlingDays);
        var quick = period < Deadlines.HandlingDays;
        // Days from receipt to the first action (acceptance, or intake's refusal), then the span of the work after it.
        var first = quick ? 0.1 + random.NextDouble() * 0.8 : 0.3 + random.NextDouble() * 2.7;
        var late = c.Fate.IsClosed() && !c.Dissatisfied && random.NextDouble() < LateShare;
        var span = late
            ? period + (c.Extension ? 15 : 0) + 1 + random.NextDouble() * (quick ? 4 : 20)
            : period * (0.3 + random.NextDouble() * 0.55) + (c.Extension ? random.NextDouble() * 10 : 0);
        if (c.Dissatisfied) span += 10 + random.NextDouble() * 15;
        if (c.Fate == DemoFate.AwaitingAcceptance)
        {
            // Waiting for acceptance: a supervisor's notice comes once the 15 days are past (or soon, for a recent one).
            first = Deadlines.AcceptanceDays + 1 + random.NextDouble() * 3;
        }

        var drafts = Drafts(c, random);
        var spread = drafts.Skip(1).Where(d => d.After is null).Sum(d => d.Gap);
        var offsets = new List<double>();
        var at = 0.0;
        foreach (var (draft, i) in drafts.Select((d, i) => (d, i)))
        {
            at = i == 0 ? first : draft.After is { } after ? at + after : at + span * draft.Gap / Math.Max(spread, 1e-9);
            offsets.Add(at);
        }

        // Compressed into the time the case has had (a recent complaint's work is still going on).
        var room = (now - Margin - received).TotalDays;
        var last = offsets.Count == 0 ? 0 : offsets[^1];
        var scale = last > room ? Math.Max(room, 0) / last : 1;
        for (var i = 0; i < drafts.Count; i++)
        {
            var when = received.AddDays(offsets[i] * scale);
            steps.Add(new(when, drafts[i].Actor, drafts[i].Command(when)));
        }

        return new CaseHistory(steps, "demo");
    }

    /// <summary>The case's steps after registration, each with its share of the work's span.</summary>
    private static List<Draft> Drafts(PlannedCase c, Random random)
    {
        var steps = new List<Draft>();
        var handler = DemoActors.Handler(c.LeadUnit);
        var supervisor = DemoActors.Supervisor;
        double Jitter(double gap) => gap * (0.5 + random.NextDouble());
        // The petition office tells the complainant in writing (书面告知, 送达) a day or a few after its decision.
        Draft Delivery(string name, CaseDocumentKind document) =>
            new(name, DemoActors.Intake, 0, at => new RecordDeliveryCommand(document, DeliveryMethod.Post, at, null), After: 0.5 + random.NextDouble() * 2.5);
        if (c.Fate == DemoFate.NotAccepted)
        {
            steps.Add(new("not-accept", DemoActors.Intake, 0, _ => new NotAcceptCaseCommand(c.NotAcceptedReason ?? "不属于受理范围")));
            steps.Add(Delivery("refusal-notice", CaseDocumentKind.RefusalNotice));
            return steps;
        }

        if (c.Fate == DemoFate.Diverted)
        {
            const string reason = "反映的是基层执法人员收受企业财物、包庇违法排污问题，属于纪检监察机关职责范围";
            steps.Add(new("divert", DemoActors.Intake, 0, at => new DivertCaseCommand(DivertBody.DisciplineInspection, null, reason,
                Petitions.Application.Features.Triage.DiversionNotice.Standard(DivertBody.DisciplineInspection, null, reason, at))));
            return steps;
        }

        if (c.Fate == DemoFate.Unassigned) return steps;

        var waiting = c.Fate == DemoFate.AwaitingAcceptance;
        if (!waiting)
        {
            steps.Add(new("accept", handler, 0, _ => new AcceptCaseCommand()));
            // A case still awaiting acceptance has no notice (it shows as overdue once the 15 days are past).
            steps.Add(Delivery("acceptance-notice", CaseDocumentKind.AcceptanceNotice));
        }
        if (c.Leader is { } leader)
        {
            steps.Add(new("leader", supervisor, waiting ? 0 : Jitter(0.02), _ => new NameLeaderOwnerCommand(leader.Name, leader.Title)));
        }

        if (c.Supervision > 0)
        {
            steps.Add(new("supervise", supervisor, waiting && steps.Count == 0 ? 0 : Jitter(0.08), at => new IssueSupervisionNoticeCommand(
                waiting ? "该件已超过受理期限，请立即受理并报送办理进展。" : "该件办理进度滞后，请加快办理并按期报送整改进展。",
                at.AddDays(7))));
            if (c.Supervision > 1)
            {
                steps.Add(new("supervise-reply", handler, Jitter(0.04), _ => new ReplySupervisionNoticeCommand(1, "已召开专题会议研究部署，明确专人负责，整改正在推进。")));
            }
        }

        if (waiting) return steps;

        var visitFirst = c.Fate != DemoFate.ExtensionPending;
        if (visitFirst && (c.Fate != DemoFate.InProgress || c.SecondVisit)) steps.Add(Visit("visit-1", c, handler, Jitter(0.12), first: true));
        if (c.Extension)
        {
            steps.Add(new("extension", handler, Jitter(0.2), _ => new RequestExtensionCommand(15, "涉及多个部门联合核查，需要延期办理。")));
            if (c.Fate == DemoFate.ExtensionPending) return steps;
            steps.Add(new("extension-approve", supervisor, Jitter(0.03), _ => new ApproveExtensionCommand()));
        }

        if (c.Fate == DemoFate.InProgress) return steps;

        if (c.SecondVisit) steps.Add(Visit("visit-1b", c, handler, Jitter(0.08), first: false));
        steps.Add(new("result-1", handler, Jitter(0.35), _ => Result(c, again: false)));
        if (c.Fate == DemoFate.ResultSubmitted) return steps;

        if (c.Dissatisfied)
        {
            // The complainant is not satisfied: the case goes back to work (automatically reopened).
            steps.Add(new("callback-1", handler, Jitter(0.08), at => new LogCallbackCommand(at, CallbackMethod.Phone, Contact(c), Satisfaction.Dissatisfied, "群众反映问题仍有反复，对整改效果不满意")));
            if (c.Fate == DemoFate.Reopened) return steps;
            steps.Add(Visit("visit-2", c, handler, Jitter(0.1), first: false));
            steps.Add(new("result-2", handler, Jitter(0.15), _ => Result(c, again: true)));
        }

        if (c.UnreachableFirst)
        {
            steps.Add(new("callback-2a", handler, Jitter(0.05), at => new LogCallbackCommand(at, CallbackMethod.Phone, Contact(c), Satisfaction.Unreachable, "电话无人接听")));
        }

        // The written handling opinion of the result in force reaches the complainant before the unit calls back.
        steps.Add(Delivery("handling-opinion", CaseDocumentKind.HandlingOpinion));
        steps.Add(new("callback-2", handler, Jitter(0.08), at => new LogCallbackCommand(at, c.Complainant is { Anonymous: false } ? CallbackMethod.Phone : CallbackMethod.Visit,
            Contact(c), c.Satisfaction, c.Satisfaction == Satisfaction.Satisfied ? "群众对处理结果表示满意" : "基本满意，希望加强后续监管")));
        if (c.ResidentCallback)
        {
            steps.Add(new("callback-3", handler, Jitter(0.02), at => new LogCallbackCommand(at, CallbackMethod.Visit, CallbackContact.Resident, Satisfaction.Satisfied, "走访周边居民，反映情况已明显改善")));
        }

        steps.Add(c.Fate == DemoFate.ClosedStage
            ? new("close", supervisor, Jitter(0.06), at => new CloseCaseCommand(ClosureKind.Stage, "主体整改已完成，后续整改持续推进，限期验收销号。", at.AddDays(c.RectificationDays)))
            : new("close", supervisor, Jitter(0.06), _ => new CloseCaseCommand(ClosureKind.Final, "经验收，整改到位，同意办结。", null)));
        return steps;
    }

    /// <summary>Anonymous complaints are called back through the residents near the site.</summary>
    private static CallbackContact Contact(PlannedCase c) =>
        c.Complainant is { Anonymous: false, Phone: not null } ? CallbackContact.Complainant : CallbackContact.Resident;

    private static Draft Visit(string name, PlannedCase c, Actor handler, double gap, bool first) => new(name, handler, gap, at =>
    {
        var problem = DemoTexts.Problems[c.Categories[0]];
        var findings = c.Verdict == Verdict.Unsubstantiated
            ? $"现场检查{c.Target}，生产设施及污染防治设施运行正常，未发现举报反映的问题。"
            : $"现场检查{c.Target}，发现存在{problem}等问题，已拍照取证并制作现场检查笔录。";
        return new LogSiteVisitCommand(at, c.Inspectors, first ? findings : "复查现场，督促整改措施落实到位。");
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
