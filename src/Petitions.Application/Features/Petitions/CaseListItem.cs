using Dapper;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Features.Petitions;

/// <summary>A case in a list (the petition list, a unit's queue): from the read model, never with complainant data.</summary>
public sealed record CaseListItem
{
    public required string CaseNo { get; init; }
    public CaseStatus Status { get; init; }
    public Channel Channel { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public required string RegionName { get; init; }
    /// <summary>The lead unit, or the region's unit before assignment.</summary>
    public required string LeadUnit { get; init; }
    public required string LeadUnitName { get; init; }
    public IReadOnlyList<UnitRef> CoUnits { get; init; } = [];
    public required string Target { get; init; }
    public IReadOnlyList<Category> Categories { get; init; } = [];
    public DateTimeOffset? DueAt { get; init; }
    public bool Overdue { get; init; }
    /// <summary>China calendar days from today to the due date; negative when overdue; null when the case is not open.</summary>
    public int? DaysLeft { get; init; }
    public bool IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public int RepeatCount { get; init; }
    public Satisfaction? Satisfaction { get; init; }
    public Verdict? Verdict { get; init; }
    public ClosureKind? CloseKind { get; init; }
    public string? RoundCode { get; init; }
    public int? BatchNo { get; init; }
    public LeaderRef? Leader { get; init; }
    public int SupervisionCount { get; init; }
    public int OpenSupervision { get; init; }
    public bool OnProblemList { get; init; }

    public static CaseListItem From(CaseListRow row, UnitTree units, DateTimeOffset now)
    {
        var dueAt = SqlTime.FromMs(row.DueAt);
        var overdue = CaseListRow.IsOverdue(row.IsOpen, row.DueAt, now);
        return new CaseListItem
        {
            CaseNo = row.CaseNo,
            Status = Enum.Parse<CaseStatus>(row.Status),
            Channel = Enum.Parse<Channel>(row.Channel),
            ReceivedAt = SqlTime.FromMs(row.ReceivedAt),
            RegionCode = row.RegionCode,
            RegionName = units.NameOf(row.RegionCode),
            LeadUnit = row.LeadUnit,
            LeadUnitName = units.NameOf(row.LeadUnit),
            CoUnits = CaseListRow.Split(row.CoUnits).Select(u => new UnitRef(u, units.NameOf(u))).ToList(),
            Target = row.Target,
            Categories = CaseListRow.Split(row.Categories).Select(Enum.Parse<Category>).ToList(),
            DueAt = dueAt,
            Overdue = overdue,
            DaysLeft = CaseListRow.DaysLeft(row.IsOpen, dueAt, overdue, now),
            IsRepeat = row.IsRepeat != 0,
            RepeatOf = row.RepeatOf,
            RepeatCount = (int)row.RepeatCount,
            Satisfaction = row.Satisfaction is { } s ? Enum.Parse<Satisfaction>(s) : null,
            Verdict = row.Verdict is { } v ? Enum.Parse<Verdict>(v) : null,
            CloseKind = row.CloseKind is { } k ? Enum.Parse<ClosureKind>(k) : null,
            RoundCode = row.RoundCode,
            BatchNo = row.BatchNo is { } b ? (int)b : null,
            Leader = row.LeaderName is { } name ? new LeaderRef(name, row.LeaderTitle) : null,
            SupervisionCount = (int)row.SupervisionCount,
            OpenSupervision = (int)row.OpenSupervision,
            OnProblemList = row.OnProblemList != 0,
        };
    }
}

public sealed record LeaderRef(string Name, string? Title);

/// <summary>
/// The case_index columns a list shows. Init properties and long integers: SQLite returns every integer as Int64,
/// PostgreSQL BIGINT for instants.
/// </summary>
public sealed record CaseListRow
{
    public const string Columns =
        """
        ci.case_no AS CaseNo, ci.status AS Status, ci.channel AS Channel, ci.received_at AS ReceivedAt,
        ci.region_code AS RegionCode, ci.lead_unit AS LeadUnit, ci.co_units AS CoUnits, ci.target AS Target,
        ci.categories AS Categories, ci.due_at AS DueAt, ci.is_open AS IsOpen, ci.is_repeat AS IsRepeat,
        ci.repeat_of AS RepeatOf, ci.repeat_count AS RepeatCount, ci.satisfaction AS Satisfaction, ci.verdict AS Verdict,
        ci.close_kind AS CloseKind, ci.round_code AS RoundCode, ci.batch_no AS BatchNo, ci.leader_name AS LeaderName,
        ci.leader_title AS LeaderTitle, ci.supervision_count AS SupervisionCount, ci.open_supervision AS OpenSupervision,
        ci.on_problem_list AS OnProblemList
        """;

    /// <summary>SQL: the case is open and its deadline has passed (@now in Unix ms). The list, the queue, statistics and the problem list share it.</summary>
    public const string OverdueCondition = "ci.is_open = 1 AND ci.due_at < @now";

    public required string CaseNo { get; init; }
    public required string Status { get; init; }
    public required string Channel { get; init; }
    public long ReceivedAt { get; init; }
    public required string RegionCode { get; init; }
    public required string LeadUnit { get; init; }
    public string CoUnits { get; init; } = "";
    public required string Target { get; init; }
    public string Categories { get; init; } = "";
    public long? DueAt { get; init; }
    public long IsOpen { get; init; }
    public long IsRepeat { get; init; }
    public string? RepeatOf { get; init; }
    public long RepeatCount { get; init; }
    public string? Satisfaction { get; init; }
    public string? Verdict { get; init; }
    public string? CloseKind { get; init; }
    public string? RoundCode { get; init; }
    public long? BatchNo { get; init; }
    public string? LeaderName { get; init; }
    public string? LeaderTitle { get; init; }
    public long SupervisionCount { get; init; }
    public long OpenSupervision { get; init; }
    public long OnProblemList { get; init; }

    /// <summary>The same rule as <see cref="OverdueCondition"/> and <see cref="PetitionCase.IsOverdue"/>: open and now past due.</summary>
    public static bool IsOverdue(long isOpen, long? dueAtMs, DateTimeOffset now) =>
        isOpen != 0 && dueAtMs is { } due && due < now.ToUnixTimeMilliseconds();

    /// <summary>China calendar days to the due date; an overdue case shows at least -1 even on its due day.</summary>
    public static int? DaysLeft(long isOpen, DateTimeOffset? dueAt, bool overdue, DateTimeOffset now)
    {
        if (isOpen == 0 || dueAt is not { } due) return null;
        var days = ChinaTime.DateOf(due).DayNumber - ChinaTime.DateOf(now).DayNumber;
        return overdue ? Math.Min(days, -1) : days;
    }

    public static string[] Split(string? list) =>
        string.IsNullOrEmpty(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One page of case_index rows and the number of all matching rows, for the list and the unit queue.</summary>
public static class CaseLists
{
    public sealed record Page(IReadOnlyList<CaseListRow> Rows, int Total);

    public static async Task<Page> PageAsync(IDatabase database, SqlWhere where, string orderBy, int page, int pageSize, CancellationToken cancellationToken)
    {
        where.Param("limit", pageSize).Param("offset", (long)(page - 1) * pageSize);
        await using var connection = await database.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM case_index ci {where.Clause}", where.Parameters, cancellationToken: cancellationToken));
        List<CaseListRow> rows = total == 0
            ? []
            : (await connection.QueryAsync<CaseListRow>(new CommandDefinition(
                $"SELECT {CaseListRow.Columns} FROM case_index ci {where.Clause} ORDER BY {orderBy} LIMIT @limit OFFSET @offset",
                where.Parameters, cancellationToken: cancellationToken))).ToList();
        return new Page(rows, (int)total);
    }
}
