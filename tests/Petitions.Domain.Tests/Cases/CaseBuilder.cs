using Petitions.Domain.Cases;

namespace Petitions.Domain.Tests.Cases;

/// <summary>
/// Brings a case into any state through the real <see cref="PetitionRules.Handle"/> path, with an adjustable clock.
/// Every fluent step first advances <see cref="Now"/> by <see cref="Step"/> (so instants strictly increase), then
/// handles its command as the usual actor, and throws when the command is refused: a builder never fakes a state.
/// Use <see cref="Try"/> for the command under test (it does not change the builder's case).
/// </summary>
public sealed class CaseBuilder
{
    public static readonly Actor Intake = new("u-intake", "受理员小王");
    public static readonly Actor Handler = new("u-handler", "承办人小李");
    public static readonly Actor Supervisor = new("u-supervisor", "督办张科长");

    public const string LeadUnit = "650100";
    public const string OtherUnit = "652300";
    public const string CoUnit = "650200";
    public const string RegionCode = "650102";
    /// <summary>The unit one level above <see cref="LeadUnit"/> (its 复查 goes there).</summary>
    public const string ReviewUnit = "650000";

    /// <summary>2024-03-01 09:00 China time (01:00Z).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public CaseBuilder(DateTimeOffset? start = null, string caseNo = "XF-2024-000001")
    {
        Now = start ?? DefaultStart;
        CaseNo = caseNo;
    }

    public string CaseNo { get; }
    public DateTimeOffset Now { get; private set; }
    public TimeSpan Step { get; set; } = TimeSpan.FromHours(1);
    public ProblemDefaults Defaults { get; set; } = ProblemDefaults.Standard;
    public PetitionCase? Current { get; private set; }

    /// <summary>The case; throws before registration.</summary>
    public PetitionCase Case => Current ?? throw new InvalidOperationException("The case has not been registered yet.");

    /// <summary>The decision of the last command this builder applied.</summary>
    public Decision? LastDecision { get; private set; }

    // ---- clock -------------------------------------------------------------------------------------------------

    public CaseBuilder At(DateTimeOffset now)
    {
        Now = now;
        return this;
    }

    public CaseBuilder Advance(TimeSpan by)
    {
        Now += by;
        return this;
    }

    public CaseBuilder AdvanceDays(int days) => Advance(TimeSpan.FromDays(days));

    public CommandContext Context(Actor actor) => new(actor, Now, Defaults);

    // ---- handling ------------------------------------------------------------------------------------------------

    /// <summary>Handles a command at the current instant without keeping the outcome.</summary>
    public (PetitionCase? State, Decision Decision) Try(CaseCommand command, Actor? actor = null) =>
        PetitionRules.Handle(Current, CaseNo, command, Context(actor ?? Handler));

    /// <summary>Advances the clock by <see cref="Step"/>, handles the command and keeps the outcome; throws on a refusal.</summary>
    public CaseBuilder Do(CaseCommand command, Actor? actor = null)
    {
        Now += Step;
        return DoNow(command, actor);
    }

    /// <summary>Handles the command at exactly <see cref="Now"/> and keeps the outcome; throws on a refusal.</summary>
    public CaseBuilder DoNow(CaseCommand command, Actor? actor = null)
    {
        var (state, decision) = PetitionRules.Handle(Current, CaseNo, command, Context(actor ?? Handler));
        if (decision.Violation is { } v)
            throw new InvalidOperationException($"Builder step {command.GetType().Name} refused: {v.Rule} ({v.Kind}): {v.Message}");
        Current = state;
        LastDecision = decision;
        return this;
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    public static RegisterCaseCommand Registration(
        DateTimeOffset receivedAt,
        Assignment? assignment = null,
        int? roundHandlingDays = null,
        Complainant? complainant = null) =>
        new(Channel.Hotline, receivedAt, roundHandlingDays is null ? null : "R2", roundHandlingDays is null ? null : 3,
            roundHandlingDays is null ? null : "H-0001", roundHandlingDays,
            complainant ?? new Complainant("张三", "13800000000", null, false, "hash-13800000000"),
            RegionCode, "乌鲁木齐市天山区某路1号", "某某化工有限公司", "某某化工", [Category.Air, Category.Noise],
            "夜间排放刺激性气味并有噪声", assignment);

    /// <summary>Registers the case; received at <paramref name="receivedAt"/> (default: now).</summary>
    public CaseBuilder Register(DateTimeOffset? receivedAt = null, Assignment? assignment = null, int? roundHandlingDays = null, Complainant? complainant = null)
    {
        Now += Step;
        return DoNow(Registration(receivedAt ?? Now, assignment, roundHandlingDays, complainant), Intake);
    }

    public CaseBuilder Assign(string leadUnit = LeadUnit, DateTimeOffset? dueAt = null, params string[] coUnits) =>
        Do(new AssignCaseCommand(leadUnit, coUnits, dueAt), Intake);

    public CaseBuilder NotAccept(string reason = "不属于生态环境部门职责范围") => Do(new NotAcceptCaseCommand(reason), Intake);

    public CaseBuilder Accept() => Do(new AcceptCaseCommand(), Handler);

    public CaseBuilder Transfer(string toUnit = OtherUnit, string reason = "属地管辖") => Do(new TransferCaseCommand(toUnit, reason), Intake);

    /// <summary>Logs a site visit made at <paramref name="visitedAt"/> (default: the instant of logging).</summary>
    public CaseBuilder Visit(DateTimeOffset? visitedAt = null)
    {
        Now += Step;
        return DoNow(new LogSiteVisitCommand(visitedAt ?? Now, ["执法人员甲", "执法人员乙"], "现场核查，企业正常生产"), Handler);
    }

    public CaseBuilder Result(Verdict verdict = Verdict.Substantiated) =>
        Do(new SubmitResultCommand(verdict, "经核查，情况属实", "责令整改", null, "已责令企业整改"), Handler);

    /// <summary>Logs a callback made at <paramref name="calledAt"/> (default: the instant of logging).</summary>
    public CaseBuilder Callback(Satisfaction satisfaction = Satisfaction.Satisfied, DateTimeOffset? calledAt = null, string? note = null)
    {
        Now += Step;
        return DoNow(new LogCallbackCommand(calledAt ?? Now, CallbackMethod.Phone, CallbackContact.Complainant, satisfaction, note), Handler);
    }

    public CaseBuilder Close(string? note = "验收销号") => Do(new CloseCaseCommand(ClosureKind.Final, note, null), Supervisor);

    /// <summary>A stage closure with a rectification date (default: 90 days ahead).</summary>
    public CaseBuilder StageClose(DateTimeOffset? rectificationDueAt = null, string? note = "整改持续推进")
    {
        Now += Step;
        return DoNow(new CloseCaseCommand(ClosureKind.Stage, note, rectificationDueAt ?? Now.AddDays(90)), Supervisor);
    }

    public CaseBuilder Reopen(string reason = "整改不到位", string target = "彻底整改", DateTimeOffset? dueAt = null, string person = "王局长")
    {
        Now += Step;
        return DoNow(new ReopenCaseCommand(reason, target, dueAt ?? Now.AddDays(30), person), Supervisor);
    }

    public CaseBuilder RequestExtensionCommand(int days = 30, string reason = "情况复杂") => Do(new RequestExtensionCommand(days, reason), Handler);

    public CaseBuilder ApproveExtensionCommand() => Do(new ApproveExtensionCommand(), Supervisor);

    public CaseBuilder RefuseExtensionCommand(string reason = "理由不充分") => Do(new RefuseExtensionCommand(reason), Supervisor);

    public CaseBuilder IssueNotice(string note = "请加快办理") => Do(new IssueSupervisionNoticeCommand(note, null), Supervisor);

    public CaseBuilder LinkRepeatCommand(string originalCaseNo = "XF-2023-000777", bool automatic = false) =>
        Do(new LinkRepeatCommand(originalCaseNo, "同一企业", automatic), Intake);

    public CaseBuilder RecordRepeatCommand(string repeatCaseNo = "XF-2024-000999") => Do(new RecordRepeatCommand(repeatCaseNo), Actor.System);

    public CaseBuilder LookBack(bool held, string reviewId = "LB-2024-01") => Do(new RecordLookBackCommand(reviewId, held, "回头看"), Supervisor);

    // ---- whole paths ---------------------------------------------------------------------------------------------

    public CaseBuilder ToAssigned() => Register().Assign();

    public CaseBuilder ToInProgress() => ToAssigned().Accept();

    /// <summary>Accepted, visited, result (substantiated) submitted; no callback yet.</summary>
    public CaseBuilder ToResultSubmitted() => ToInProgress().Visit().Result();

    /// <summary>Result submitted and one satisfied callback: ready to close.</summary>
    public CaseBuilder ToReadyToClose() => ToResultSubmitted().Callback();

    public CaseBuilder ToClosed() => ToReadyToClose().Close();

    public CaseBuilder ToStageClosed() => ToReadyToClose().StageClose();

    public CaseBuilder ToNotAccepted() => Register().NotAccept();

    /// <summary>Closed (final), then reopened by a supervisor: InProgress with a problem-list entry.</summary>
    public CaseBuilder ToReopened() => ToClosed().Reopen();
}
