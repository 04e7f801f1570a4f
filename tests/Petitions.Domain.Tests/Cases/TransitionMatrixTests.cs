using System.Reflection;
using Petitions.Domain.Cases;
using Petitions.Domain.Evidence;
using S = Petitions.Domain.Cases.CaseStatus;

namespace Petitions.Domain.Tests.Cases;

/// <summary>The states of the matrix. <see cref="None"/> is "no case yet" (the grain before registration).</summary>
public enum CaseState { None, Registered, NotAccepted, Assigned, InProgress, ResultSubmitted, ClosedFinal, ClosedStage, Reopened }

/// <summary>What a command needs to have a chance (set up on the way to the state, wherever the lifecycle allows it).</summary>
[Flags]
public enum Prerequisite
{
    None = 0,
    /// <summary>Supervision notice no. 1 issued right after registration.</summary>
    Notice = 1,
    /// <summary>Linked as a repeat of another case right after registration.</summary>
    LinkedAsRepeat = 2,
    /// <summary>Told (while open) that case XF-2024-000999 repeats it, right after registration.</summary>
    RecordedRepeat = 4,
    /// <summary>An extension requested right after acceptance (so it is still pending in every later state).</summary>
    PendingExtension = 8,
    /// <summary>A satisfied callback after the result (ResultSubmitted only: the case is ready to close).</summary>
    AnsweredCallback = 16,
    /// <summary>Flagged as an urgent matter right after registration.</summary>
    Urgent = 32,
    /// <summary>The handling opinion delivered right after the result (ResultSubmitted and later).</summary>
    OpinionDelivered = 64,
    /// <summary>The opinion delivered and a 复查 asked for right after the result (still open in every later state).</summary>
    OpenReview = 128,
}

/// <summary>The expected answer of one cell: accepted into a status, an idempotent no-op, or a refusal naming the rule.</summary>
public sealed record Outcome(CaseStatus? Status, bool Unchanged, string? Rule, ViolationKind? Kind)
{
    public static Outcome To(CaseStatus status) => new(status, false, null, null);
    public static readonly Outcome NoOp = new(null, true, null, null);
    public static Outcome Refused(string rule, ViolationKind kind) => new(null, false, rule, kind);
    public static readonly Outcome Conflict = Refused(Rules.TransitionNotAllowed, ViolationKind.Conflict);
    public static readonly Outcome NotFound = Refused(Rules.CaseNotFound, ViolationKind.NotFound);

    public override string ToString() =>
        Rule is not null ? $"refused {Rule} ({Kind})" : Unchanged ? "unchanged" : $"accepted → {Status}";
}

public sealed record MatrixRow(string Name, Type CommandType, Func<CaseBuilder, CaseCommand> Command, Prerequisite Needs, IReadOnlyList<Outcome> Outcomes)
{
    public Outcome For(CaseState state) => Outcomes[(int)state];
}

/// <summary>
/// Every command × every state. Columns, in <see cref="CaseState"/> order:
/// None, Registered, NotAccepted, Assigned, InProgress, ResultSubmitted, ClosedFinal, ClosedStage, Reopened (InProgress).
/// A new subclass of <see cref="CaseCommand"/> without a row fails <see cref="Every_command_type_has_a_row"/>.
/// </summary>
public sealed class TransitionMatrixTests
{
    private static readonly Outcome C = Outcome.Conflict;
    private static readonly Outcome NF = Outcome.NotFound;
    private static readonly Outcome NoOp = Outcome.NoOp;
    private static Outcome To(CaseStatus s) => Outcome.To(s);

    private static readonly Outcome NoPending = Outcome.Refused(Rules.NoPendingExtension, ViolationKind.Conflict);
    private static readonly Outcome NoProblem = Outcome.Refused(Rules.NoProblemEntry, ViolationKind.Conflict);
    private static readonly Outcome NoDocument = Outcome.Refused(Rules.DocumentNotIssued, ViolationKind.Conflict);
    private static readonly Outcome NoneCameBack = Outcome.Refused(Rules.NoRepeatAwaitingDecision, ViolationKind.Conflict);
    private static readonly Outcome NoStep = Outcome.Refused(Rules.EvidenceTargetNotFound, ViolationKind.Invalid);
    private static readonly Outcome OverLimit = Outcome.Refused(Rules.EvidenceCaseLimit, ViolationKind.Conflict);
    private static readonly Outcome NoOpinion = Outcome.Refused(Rules.NoOpinionToReview, ViolationKind.Conflict);
    private static readonly Outcome NoReview = Outcome.Refused(Rules.NoOpenReview, ViolationKind.Conflict);

    private static AttachEvidenceCommand Attach(EvidenceTargetKind kind, int? no, long caseLimit) =>
        new($"att-{kind}", "现场照片.jpg", 100, new string('a', 64), "image/jpeg", new EvidenceTarget(kind, no), caseLimit);

    private static MatrixRow Row<T>(string name, Func<CaseBuilder, T> make, Prerequisite needs, params Outcome[] outcomes) where T : CaseCommand =>
        new(name, typeof(T), b => make(b), needs, outcomes);

    public static readonly IReadOnlyList<MatrixRow> Rows =
    [
        //                                                                           None  Registered       NotAccepted       Assigned        InProgress        ResultSubmitted   ClosedFinal     ClosedStage     Reopened
        Row("Register (same case again)", b => CaseBuilder.Registration(b.Now), Prerequisite.None,
                                                                                     To(S.Registered), NoOp, NoOp,         NoOp,           NoOp,             NoOp,             NoOp,           NoOp,           NoOp),
        Row("Assign", _ => new AssignCaseCommand(CaseBuilder.LeadUnit, [CaseBuilder.CoUnit], null), Prerequisite.None,
                                                                                     NF,   To(S.Assigned), C,                C,              C,                C,                C,              C,              C),
        Row("NotAccept", _ => new NotAcceptCaseCommand("无有效线索"), Prerequisite.None,
                                                                                     NF,   To(S.NotAccepted), C,             C,              C,                C,                C,              C,              C),
        Row("Accept", _ => new AcceptCaseCommand(), Prerequisite.None,
                                                                                     NF,   C,               C,                To(S.InProgress), C,              C,                C,              C,              C),
        Row("Transfer", _ => new TransferCaseCommand(CaseBuilder.OtherUnit, "属地管辖"), Prerequisite.None,
                                                                                     NF,   C,               C,                To(S.Assigned), To(S.Assigned),   C,                C,              C,              To(S.Assigned)),
        Row("LogSiteVisitCommand", b => new LogSiteVisitCommand(b.Now, ["甲"], "现场核查"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              To(S.InProgress), To(S.ResultSubmitted), C,         C,              To(S.InProgress)),
        Row("SubmitResultCommand (substantiated)", _ => new SubmitResultCommand(Verdict.Substantiated, "属实", "整改", null, "已整改"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              To(S.ResultSubmitted), C,           C,              C,              To(S.ResultSubmitted)),
        Row("LogCallbackCommand (satisfied)", b => new LogCallbackCommand(b.Now, CallbackMethod.Phone, CallbackContact.Complainant, Satisfaction.Satisfied, null), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                To(S.ResultSubmitted), To(S.Closed), To(S.Closed),  C),
        Row("LogCallbackCommand (dissatisfied)", b => new LogCallbackCommand(b.Now, CallbackMethod.Phone, CallbackContact.Complainant, Satisfaction.Dissatisfied, "仍有异味"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                To(S.InProgress), To(S.InProgress), To(S.InProgress), C),
        Row("Close (final)", _ => new CloseCaseCommand(ClosureKind.Final, "办结", null), Prerequisite.AnsweredCallback,
                                                                                     NF,   C,               C,                C,              C,                To(S.Closed),     C,              To(S.Closed),   C),
        Row("Close (stage)", b => new CloseCaseCommand(ClosureKind.Stage, "阶段性办结", b.Now.AddDays(60)), Prerequisite.AnsweredCallback,
                                                                                     NF,   C,               C,                C,              C,                To(S.Closed),     C,              C,              C),
        Row("Reopen", b => new ReopenCaseCommand("整改不到位", "彻底整改", b.Now.AddDays(30), "王局长"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                To(S.InProgress), To(S.InProgress), To(S.InProgress), C),
        Row("RequestExtensionCommand", _ => new RequestExtensionCommand(15, "情况复杂"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              To(S.InProgress), C,                C,              C,              To(S.InProgress)),
        Row("ApproveExtensionCommand (pending)", _ => new ApproveExtensionCommand(), Prerequisite.PendingExtension,
                                                                                     NF,   C,               C,                C,              To(S.InProgress), To(S.ResultSubmitted), C,         C,              To(S.InProgress)),
        // Deciding on a request (approve or refuse) applies only while the case is being handled.
        Row("RefuseExtensionCommand (pending)", _ => new RefuseExtensionCommand("理由不充分"), Prerequisite.PendingExtension,
                                                                                     NF,   C,               C,                C,              To(S.InProgress), To(S.ResultSubmitted), C,         C,              To(S.InProgress)),
        Row("IssueSupervisionNoticeCommand", _ => new IssueSupervisionNoticeCommand("请加快办理", null), Prerequisite.None,
                                                                                     NF,   To(S.Registered), C,               To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), C,         To(S.Closed),   To(S.InProgress)),
        Row("ReplySupervisionNoticeCommand (issued)", _ => new ReplySupervisionNoticeCommand(1, "已加快办理"), Prerequisite.Notice,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("NameLeaderOwnerCommand", _ => new NameLeaderOwnerCommand("李四", "副市长"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), C,               To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("RevealComplainantCommand", _ => new RevealComplainantCommand("核实举报内容"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("LinkRepeatCommand", _ => new LinkRepeatCommand("XF-2023-000777", "同一企业", false), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("UnlinkRepeatCommand (linked)", _ => new UnlinkRepeatCommand("误关联"), Prerequisite.LinkedAsRepeat,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        // Nothing reopens by itself: a closed original stays closed, marked "closed case came back" for a supervisor.
        Row("RecordRepeatCommand", _ => new RecordRepeatCommand("XF-2024-000888"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed),   To(S.Closed),   To(S.InProgress)),
        Row("DecideRepeatCommand (nothing came back)", _ => new DecideRepeatCommand(RepeatDecision.NewCaseCarries, "由新件承办", null, null, null), Prerequisite.RecordedRepeat,
                                                                                     NF,   NoneCameBack,    NoneCameBack,     NoneCameBack,   NoneCameBack,     NoneCameBack,     NoneCameBack,   NoneCameBack,   NoneCameBack),
        Row("NoteRepeatDecisionCommand (linked)", _ => new NoteRepeatDecisionCommand("XF-2023-000777", RepeatDecision.NewCaseCarries, "由新件承办"), Prerequisite.LinkedAsRepeat,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("NoteRepeatDecisionCommand (not its original)", _ => new NoteRepeatDecisionCommand("XF-2023-000555", RepeatDecision.NewCaseCarries, "由新件承办"), Prerequisite.LinkedAsRepeat,
                                                                                     NF,   NoOp,            NoOp,             NoOp,           NoOp,             NoOp,             NoOp,           NoOp,           NoOp),
        Row("WithdrawRepeatCommand (recorded)", _ => new WithdrawRepeatCommand("XF-2024-000999"), Prerequisite.RecordedRepeat,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("RecordLookBackCommand (failed)", _ => new RecordLookBackCommand("LB-9", false, "群众反映仍有污染"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                C,                To(S.InProgress), To(S.InProgress), C),
        Row("RecordLookBackCommand (held)", _ => new RecordLookBackCommand("LB-9", true, "整改到位"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                C,                To(S.Closed),   To(S.Closed),   C),
        Row("AdjustProblemEntryCommand", b => new AdjustProblemEntryCommand("按期整改", b.Now.AddDays(20), "赵处长"), Prerequisite.None,
                                                                                     NF,   NoProblem,       NoProblem,        NoProblem,      NoProblem,        NoProblem,        NoProblem,      To(S.Closed),   To(S.InProgress)),
        // A query code can be (re)issued whatever the state: a not-accepted complainant may look the refusal up too.
        Row("IssueQueryCodeCommand", _ => new IssueQueryCodeCommand("hash-of-a-new-code"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        // The complainant's rating answers a result like a callback; a dissatisfied one reopens onto the problem list.
        Row("RateHandlingCommand (satisfied)", _ => new RateHandlingCommand(Satisfaction.Satisfied, "处理及时"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                To(S.ResultSubmitted), To(S.Closed), To(S.Closed),  C),
        Row("RateHandlingCommand (dissatisfied)", _ => new RateHandlingCommand(Satisfaction.Dissatisfied, "仍有异味"), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                To(S.InProgress), To(S.InProgress), To(S.InProgress), C),
        // Deliveries (送达) apply in every state; the case must have the document (the receipt always, the opinion after a result).
        Row("RecordDeliveryCommand (receipt)", b => new RecordDeliveryCommand(CaseDocumentKind.Receipt, DeliveryMethod.InPerson, b.Now, "信访人本人"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("RecordDeliveryCommand (handling opinion)", b => new RecordDeliveryCommand(CaseDocumentKind.HandlingOpinion, DeliveryMethod.Post, b.Now, null), Prerequisite.None,
                                                                                     NF,   NoDocument,      NoDocument,       NoDocument,     NoDocument,       To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("RecordDeliveryCommand (refusal notice)", b => new RecordDeliveryCommand(CaseDocumentKind.RefusalNotice, DeliveryMethod.Online, b.Now, null), Prerequisite.None,
                                                                                     NF,   NoDocument,      To(S.NotAccepted), NoDocument,    NoDocument,       NoDocument,       NoDocument,     NoDocument,     NoDocument),
        // Diversion (转送) while the matter is triaged or handled, never after a result; Diverted is terminal (DiversionRuleTests).
        Row("DivertCaseCommand", _ => new DivertCaseCommand(DivertBody.DisciplineInspection, null, "反映公职人员违纪", "已转送纪检监察机关"), Prerequisite.None,
                                                                                     NF,   To(S.Diverted),  C,                To(S.Diverted), To(S.Diverted),   C,                C,              C,              To(S.Diverted)),
        // An open case is flagged urgent (once: DiversionRuleTests); the upward reports of an urgent case are recorded in every state.
        Row("FlagUrgentCommand", _ => new FlagUrgentCommand(UrgentKind.Emergency, "河道死鱼"), Prerequisite.None,
                                                                                     NF,   To(S.Registered), C,               To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), C,         C,              To(S.InProgress)),
        Row("ReportUrgentCommand (urgent)", b => new ReportUrgentCommand("自治区生态环境厅总值班室", b.Now, null), Prerequisite.Urgent,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        // Evidence (附件) in every state; the step it documents must exist, and the case must stay within its total.
        Row("AttachEvidenceCommand (registration)", _ => Attach(EvidenceTargetKind.Registration, null, 1000), Prerequisite.None,
                                                                                     NF,   To(S.Registered), To(S.NotAccepted), To(S.Assigned), To(S.InProgress), To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("AttachEvidenceCommand (site visit 1)", _ => Attach(EvidenceTargetKind.SiteVisit, 1, 1000), Prerequisite.None,
                                                                                     NF,   NoStep,          NoStep,           NoStep,         NoStep,           To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("AttachEvidenceCommand (over the case's limit)", _ => Attach(EvidenceTargetKind.Case, null, 10), Prerequisite.None,
                                                                                     NF,   OverLimit,       OverLimit,        OverLimit,      OverLimit,        OverLimit,        OverLimit,      OverLimit,      OverLimit),
        // 复查 / 复核 (ReviewRuleTests): asked of a case with a result in force and a delivered written opinion; a hearing and
        // the answer concern the open review whatever the case's state; a set-aside sends the case back to work.
        Row("RequestReviewCommand (复查, opinion delivered)", b => new RequestReviewCommand(ReviewLevel.Review, b.Now, "不服处理意见", CaseBuilder.ReviewUnit), Prerequisite.OpinionDelivered,
                                                                                     NF,   C,               C,                C,              C,                To(S.ResultSubmitted), To(S.Closed), To(S.Closed), C),
        Row("RequestReviewCommand (复查, no opinion delivered)", b => new RequestReviewCommand(ReviewLevel.Review, b.Now, "不服处理意见", CaseBuilder.ReviewUnit), Prerequisite.None,
                                                                                     NF,   C,               C,                C,              C,                NoOpinion,        NoOpinion,      NoOpinion,      C),
        Row("RequestReviewCommand (复核 without a 复查)", b => new RequestReviewCommand(ReviewLevel.ReReview, b.Now, "不服复查意见", CaseBuilder.ReviewUnit), Prerequisite.OpinionDelivered,
                                                                                     NF,   C,               C,                C,              C,                NoOpinion,        NoOpinion,      NoOpinion,      C),
        Row("ReviewHearingCommand (pause, review open)", b => new ReviewHearingCommand(1, b.Now, null), Prerequisite.OpenReview,
                                                                                     NF,   NoReview,        NoReview,         NoReview,       NoReview,         To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("ReviewHearingCommand (pause, no review)", b => new ReviewHearingCommand(1, b.Now, null), Prerequisite.OpinionDelivered,
                                                                                     NF,   NoReview,        NoReview,         NoReview,       NoReview,         NoReview,         NoReview,       NoReview,       NoReview),
        Row("DecideReviewCommand (upheld)", _ => new DecideReviewCommand(1, ReviewOutcome.Upheld, "原处理意见认定事实清楚，予以维持。"), Prerequisite.OpenReview,
                                                                                     NF,   NoReview,        NoReview,         NoReview,       NoReview,         To(S.ResultSubmitted), To(S.Closed), To(S.Closed), To(S.InProgress)),
        Row("DecideReviewCommand (set aside)", _ => new DecideReviewCommand(1, ReviewOutcome.SetAside, "撤销原处理意见，请重新核查。"), Prerequisite.OpenReview,
                                                                                     NF,   NoReview,        NoReview,         NoReview,       NoReview,         To(S.InProgress), To(S.InProgress), To(S.InProgress), To(S.InProgress)),
    ];

    public static TheoryData<string, CaseState> Cells()
    {
        var data = new TheoryData<string, CaseState>();
        foreach (var row in Rows)
            foreach (var state in Enum.GetValues<CaseState>())
                data.Add(row.Name, state);
        return data;
    }

    /// <summary>Builds the state through the real rules, with the row's prerequisites set up on the way.</summary>
    public static CaseBuilder Build(CaseState state, Prerequisite needs)
    {
        var b = new CaseBuilder();
        if (state == CaseState.None) return b;

        b.Register();
        if (needs.HasFlag(Prerequisite.Notice)) b.IssueNotice();
        if (needs.HasFlag(Prerequisite.LinkedAsRepeat)) b.LinkRepeatCommand("XF-2023-000777");
        if (needs.HasFlag(Prerequisite.RecordedRepeat)) b.RecordRepeatCommand("XF-2024-000999");
        if (needs.HasFlag(Prerequisite.Urgent)) b.Do(new FlagUrgentCommand(UrgentKind.Emergency, "河道死鱼"), CaseBuilder.Intake);

        switch (state)
        {
            case CaseState.Registered:
                return b;
            case CaseState.NotAccepted:
                return b.NotAccept();
            case CaseState.Assigned:
                return b.Assign();
        }

        b.Assign().Accept();
        if (needs.HasFlag(Prerequisite.PendingExtension)) b.RequestExtensionCommand(20);
        if (state == CaseState.InProgress) return b;

        b.Visit().Result();
        if (needs.HasFlag(Prerequisite.OpinionDelivered) || needs.HasFlag(Prerequisite.OpenReview))
            b.Do(new RecordDeliveryCommand(CaseDocumentKind.HandlingOpinion, DeliveryMethod.Post, b.Now, null), CaseBuilder.Intake);
        if (needs.HasFlag(Prerequisite.OpenReview))
            b.Do(new RequestReviewCommand(ReviewLevel.Review, b.Now, "不服处理意见", CaseBuilder.ReviewUnit), CaseBuilder.Intake);
        if (state == CaseState.ResultSubmitted)
            return needs.HasFlag(Prerequisite.AnsweredCallback) ? b.Callback() : b;

        b.Callback();
        return state switch
        {
            CaseState.ClosedFinal => b.Close(),
            CaseState.ClosedStage => b.StageClose(),
            CaseState.Reopened => b.Close().Reopen(),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
        };
    }

    [Fact]
    public void Every_command_type_has_a_row()
    {
        var commandTypes = typeof(CaseCommand).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(CaseCommand).IsAssignableFrom(t))
            .Select(t => t.Name)
            .Order()
            .ToList();
        var covered = Rows.Select(r => r.CommandType.Name).Distinct().Order().ToList();

        Assert.NotEmpty(commandTypes);
        Assert.Equal(commandTypes, covered);
    }

    [Fact]
    public void Every_row_has_one_outcome_per_state_and_a_unique_name()
    {
        var states = Enum.GetValues<CaseState>().Length;
        Assert.All(Rows, r => Assert.True(r.Outcomes.Count == states, $"{r.Name}: {r.Outcomes.Count} outcomes for {states} states"));
        Assert.Equal(Rows.Count, Rows.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void Every_row_makes_a_command_of_its_declared_type()
    {
        var b = Build(CaseState.Registered, Prerequisite.None);
        Assert.All(Rows, r => Assert.IsType(r.CommandType, r.Command(b)));
    }

    [Theory]
    [InlineData(CaseState.Registered, S.Registered)]
    [InlineData(CaseState.NotAccepted, S.NotAccepted)]
    [InlineData(CaseState.Assigned, S.Assigned)]
    [InlineData(CaseState.InProgress, S.InProgress)]
    [InlineData(CaseState.ResultSubmitted, S.ResultSubmitted)]
    [InlineData(CaseState.ClosedFinal, S.Closed)]
    [InlineData(CaseState.ClosedStage, S.Closed)]
    [InlineData(CaseState.Reopened, S.InProgress)]
    public void The_builder_reaches_each_state(CaseState state, CaseStatus status)
    {
        var all = Prerequisite.Notice | Prerequisite.LinkedAsRepeat | Prerequisite.RecordedRepeat | Prerequisite.PendingExtension | Prerequisite.AnsweredCallback | Prerequisite.Urgent | Prerequisite.OpenReview;
        foreach (var needs in new[] { Prerequisite.None, all })
        {
            var c = Build(state, needs).Case;
            Assert.Equal(status, c.Status);
            switch (state)
            {
                case CaseState.ClosedFinal:
                    Assert.Equal(ClosureKind.Final, c.Closure?.Kind);
                    Assert.Null(c.Problem);
                    break;
                case CaseState.ClosedStage:
                    Assert.Equal(ClosureKind.Stage, c.Closure?.Kind);
                    Assert.NotNull(c.Problem);
                    break;
                case CaseState.Reopened:
                    Assert.Equal(1, c.ReopenCount);
                    Assert.NotNull(c.Problem);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Command_in_state(string row, CaseState state)
    {
        var r = Rows.Single(x => x.Name == row);
        var expected = r.For(state);
        var b = Build(state, r.Needs);
        var before = b.Current;
        var command = r.Command(b);

        var (after, decision) = b.Try(command, CaseBuilder.Supervisor);

        if (expected.Rule is not null)
        {
            var v = decision.Violation;
            Assert.True(v is not null, $"{row} in {state}: expected {expected}, but it was accepted ({after?.Status}).");
            Assert.Equal(expected.Rule, v.Rule);
            Assert.Equal(expected.Kind, v.Kind);
            Assert.Equal(before?.Status, v.CurrentStatus);
            Assert.Empty(decision.Events);
            // A refusal changes nothing.
            Assert.Same(before, after);
            Assert.Equal(before?.Version, after?.Version);
            Assert.Equal(before?.Timeline.Count, after?.Timeline.Count);
            return;
        }

        Assert.True(decision.Violation is null, $"{row} in {state}: expected {expected}, but refused {decision.Violation?.Rule}: {decision.Violation?.Message}");
        Assert.NotNull(after);

        if (expected.Unchanged)
        {
            Assert.Empty(decision.Events);
            Assert.Same(before, after);
            return;
        }

        Assert.NotEmpty(decision.Events);
        Assert.Equal(expected.Status, after.Status);
        Assert.Equal((before?.Version ?? 0) + 1, after.Version);
        Assert.Equal((before?.Timeline.Count ?? 0) + decision.Events.Count, after.Timeline.Count);
        Assert.All(after.Timeline.Skip(before?.Timeline.Count ?? 0), e =>
        {
            Assert.Equal(after.Version, e.Version);
            Assert.Equal(CaseBuilder.Supervisor, e.Actor);
            Assert.Equal(b.Now, e.At);
        });
    }
}
