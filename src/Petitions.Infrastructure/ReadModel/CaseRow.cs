using Petitions.Application.Common.ReadModel;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>
/// The case_index row of a case: what lists, statistics and the problem list need, and nothing private. The one map
/// of the table: the projector writes it, the recount compares it, the list queries read it.
/// </summary>
public sealed record CaseRow
{
    /// <summary>Every column, from the table aliased "ci", named as the properties.</summary>
    public const string Columns =
        """
        ci.case_no AS CaseNo, ci.version AS Version, ci.storage_etag AS StorageEtag, ci.status AS Status, ci.channel AS Channel,
        ci.region_code AS RegionCode, ci.lead_unit AS LeadUnit, ci.co_units AS CoUnits, ci.round_code AS RoundCode, ci.batch_no AS BatchNo,
        ci.external_ref AS ExternalRef, ci.received_at AS ReceivedAt, ci.registered_at AS RegisteredAt, ci.accepted_at AS AcceptedAt,
        ci.due_at AS DueAt, ci.is_open AS IsOpen, ci.closed_at AS ClosedAt, ci.close_kind AS CloseKind, ci.closed_on_time AS ClosedOnTime,
        ci.verdict AS Verdict, ci.satisfaction AS Satisfaction, ci.is_repeat AS IsRepeat, ci.repeat_of AS RepeatOf, ci.repeat_count AS RepeatCount,
        ci.on_problem_list AS OnProblemList, ci.problem_source AS ProblemSource, ci.problem_reason AS ProblemReason,
        ci.problem_target AS ProblemTarget, ci.problem_due_at AS ProblemDueAt, ci.problem_responsible AS ProblemResponsible,
        ci.reopen_count AS ReopenCount, ci.leader_name AS LeaderName, ci.leader_title AS LeaderTitle,
        ci.supervision_count AS SupervisionCount, ci.open_supervision AS OpenSupervision, ci.extension_status AS ExtensionStatus,
        ci.categories AS Categories, ci.target AS Target, ci.subject_key AS SubjectKey, ci.address AS Address,
        ci.description AS Description, ci.updated_at AS UpdatedAt, ci.came_back AS CameBack, ci.repeat_decision AS RepeatDecision,
        ci.phone_hash AS PhoneHash, ci.notice_due_at AS NoticeDueAt,
        ci.case_type AS CaseType, ci.urgent_kind AS UrgentKind, ci.urgent_reports AS UrgentReports, ci.diverted_to AS DivertedTo
        """;

    /// <summary>SQL: the case is open and its deadline has passed (@now in Unix ms); <see cref="CaseIndexEntry.IsOverdueAt"/> in C#.</summary>
    public const string OverdueCondition = "ci.is_open = 1 AND ci.due_at < @now";

    public required string CaseNo { get; init; }
    public int Version { get; init; }
    public string? StorageEtag { get; init; }
    public required string Status { get; init; }
    public required string Channel { get; init; }
    public required string RegionCode { get; init; }
    public required string LeadUnit { get; init; }
    public required string CoUnits { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public string? ExternalRef { get; init; }
    public long ReceivedAt { get; init; }
    public long RegisteredAt { get; init; }
    public long? AcceptedAt { get; init; }
    public long? DueAt { get; init; }
    public int IsOpen { get; init; }
    public long? ClosedAt { get; init; }
    public string? CloseKind { get; init; }
    public int? ClosedOnTime { get; init; }
    public string? Verdict { get; init; }
    public string? Satisfaction { get; init; }
    public int IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    /// <summary>Repeats that came back after closing and wait for a supervisor (comma-separated), or null.</summary>
    public string? CameBack { get; init; }
    public string? RepeatDecision { get; init; }
    /// <summary>The complainant phone's keyed hash (never the number), for the case list's phone search.</summary>
    public string? PhoneHash { get; init; }
    /// <summary>The acceptance notice's deadline while no decision notice has been delivered (Unix ms), else null.</summary>
    public long? NoticeDueAt { get; init; }
    public int OnProblemList { get; init; }
    public string? ProblemSource { get; init; }
    public string? ProblemReason { get; init; }
    public string? ProblemTarget { get; init; }
    public long? ProblemDueAt { get; init; }
    public string? ProblemResponsible { get; init; }
    public int ReopenCount { get; init; }
    public string? LeaderName { get; init; }
    public string? LeaderTitle { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public string? ExtensionStatus { get; init; }
    public required string Categories { get; init; }
    public required string Target { get; init; }
    public required string SubjectKey { get; init; }
    public string? Address { get; init; }
    public required string Description { get; init; }
    public long UpdatedAt { get; init; }
    public string CaseType { get; init; } = nameof(Domain.Cases.CaseType.Accusation);
    public string? UrgentKind { get; init; }
    public int UrgentReports { get; init; }
    public string? DivertedTo { get; init; }

    /// <summary>PostgreSQL text cannot hold NUL; no reader needs one. Input validation refuses them; this is the backstop.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    private static string? Text(string? value) => value?.Replace("\0", "", StringComparison.Ordinal);

    public static CaseRow From(PetitionCase c, string? storageEtag)
    {
        var closed = c.Status == CaseStatus.Closed ? c.Closure : null;
        return new CaseRow
        {
            CaseNo = c.CaseNo,
            Version = c.Version,
            StorageEtag = storageEtag,
            Status = c.Status.ToString(),
            Channel = c.Channel.ToString(),
            RegionCode = c.RegionCode,
            LeadUnit = c.EffectiveLeadUnit,
            CoUnits = string.Join(',', c.CoUnits),
            RoundCode = c.RoundCode,
            BatchNo = c.BatchNo,
            ExternalRef = Text(c.ExternalRef),
            ReceivedAt = SqlTime.ToMs(c.ReceivedAt),
            RegisteredAt = SqlTime.ToMs(c.RegisteredAt),
            AcceptedAt = SqlTime.ToMs(c.AcceptedAt),
            DueAt = SqlTime.ToMs(c.DueAt),
            IsOpen = c.IsOpen ? 1 : 0,
            ClosedAt = SqlTime.ToMs(closed?.ClosedAt),
            CloseKind = closed?.Kind.ToString(),
            ClosedOnTime = closed is null ? null : closed.OnTime ? 1 : 0,
            Verdict = c.Result?.Verdict.ToString(),
            Satisfaction = c.EffectiveSatisfaction?.ToString(),
            IsRepeat = c.RepeatOf is null ? 0 : 1,
            RepeatOf = c.RepeatOf,
            RepeatCount = c.Repeats.Count,
            CameBack = c.CameBackAfterClosing.Count == 0 ? null : string.Join(',', c.CameBackAfterClosing),
            RepeatDecision = c.RepeatDecision?.ToString(),
            PhoneHash = c.Complainant?.PhoneHash,
            NoticeDueAt = SqlTime.ToMs(CaseDocuments.PendingAcceptanceNoticeDueAt(c)),
            OnProblemList = c.Problem is null ? 0 : 1,
            ProblemSource = c.Problem?.Source.ToString(),
            ProblemReason = Text(c.Problem?.Reason),
            ProblemTarget = Text(c.Problem?.Target),
            ProblemDueAt = SqlTime.ToMs(c.Problem?.DueAt),
            ProblemResponsible = Text(c.Problem?.ResponsiblePerson),
            ReopenCount = c.ReopenCount,
            LeaderName = Text(c.Leader?.Name),
            LeaderTitle = Text(c.Leader?.Title),
            SupervisionCount = c.SupervisionNotices.Count,
            OpenSupervision = c.SupervisionNotices.Count(n => n.Reply is null),
            ExtensionStatus = c.Extension?.Status.ToString(),
            Categories = string.Join(',', c.Categories.Distinct()),
            Target = Text(c.Target),
            SubjectKey = c.SubjectKey,
            Address = Text(c.Address),
            Description = Text(c.Description),
            UpdatedAt = SqlTime.ToMs(c.Timeline.Count == 0 ? c.RegisteredAt : c.Timeline[^1].At),
            CaseType = c.Type.ToString(),
            UrgentKind = c.Urgent?.Kind.ToString(),
            UrgentReports = c.Urgent?.Reports.Count ?? 0,
            DivertedTo = c.Status == CaseStatus.Diverted ? c.Diversion?.Body.ToString() : null,
        };
    }

    /// <summary>The typed entry the Application reads (enums parsed, instants as <see cref="DateTimeOffset"/>, lists split).</summary>
    public CaseIndexEntry ToEntry() => new()
    {
        CaseNo = CaseNo,
        Status = Enum.Parse<CaseStatus>(Status),
        Channel = Enum.Parse<Channel>(Channel),
        ReceivedAt = SqlTime.FromMs(ReceivedAt),
        RegionCode = RegionCode,
        LeadUnit = LeadUnit,
        CoUnits = Split(CoUnits),
        Target = Target,
        Categories = Split(Categories).Select(Enum.Parse<Category>).ToList(),
        DueAt = SqlTime.FromMs(DueAt),
        IsOpen = IsOpen != 0,
        IsRepeat = IsRepeat != 0,
        RepeatOf = RepeatOf,
        RepeatCount = RepeatCount,
        CameBack = CameBack is null ? [] : Split(CameBack),
        RepeatDecision = RepeatDecision is null ? null : Enum.Parse<RepeatDecision>(RepeatDecision),
        Satisfaction = Satisfaction is { } s ? Enum.Parse<Satisfaction>(s) : null,
        Verdict = Verdict is { } v ? Enum.Parse<Verdict>(v) : null,
        CloseKind = CloseKind is { } k ? Enum.Parse<ClosureKind>(k) : null,
        RoundCode = RoundCode,
        BatchNo = BatchNo,
        LeaderName = LeaderName,
        LeaderTitle = LeaderTitle,
        SupervisionCount = SupervisionCount,
        OpenSupervision = OpenSupervision,
        OnProblemList = OnProblemList != 0,
        ProblemSource = ProblemSource is { } p ? Enum.Parse<ProblemSource>(p) : null,
        ProblemReason = ProblemReason,
        ProblemTarget = ProblemTarget,
        ProblemDueAt = SqlTime.FromMs(ProblemDueAt),
        ProblemResponsible = ProblemResponsible,
        NoticeDueAt = SqlTime.FromMs(NoticeDueAt),
        Type = Enum.Parse<CaseType>(CaseType),
        Urgent = UrgentKind is { } u ? Enum.Parse<UrgentKind>(u) : null,
        UrgentReports = UrgentReports,
        DivertedTo = DivertedTo is { } d ? Enum.Parse<DivertBody>(d) : null,
    };

    private static string[] Split(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
