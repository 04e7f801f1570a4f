using System.Globalization;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Features.Petitions;
using Petitions.Application.Features.ProblemList;
using Petitions.Application.Features.Stats;
using Petitions.Application.Features.Units;

namespace Petitions.Host.Components.Reading;

/// <summary>
/// What lists, queues, the dashboard and exports read: the read-side MediatR queries (ListPetitions, GetUnitQueue,
/// GetCompletionStats, GetTrend, GetProblemList), sent through the same pipeline as the API, mapped to the UI's rows.
/// </summary>
public sealed class ReadSide(IRequestSender sender)
{
    public bool CasesAvailable => true;

    public async Task<CasePage?> ListCasesAsync(CaseFilter f, CancellationToken cancellationToken = default)
    {
        var result = await sender.Send(new ListPetitions.Query
        {
            Unit = f.Unit, Round = f.Round, Batch = Text(f.Batch), Status = f.Status, Overdue = Text(f.Overdue), Repeat = Text(f.Repeat),
            Satisfaction = f.Satisfaction, Category = f.Category, Problem = Text(f.Problem), Leader = Text(f.Leader), Q = f.Q,
            From = f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sort = f.Sort, Page = Text(f.Page), PageSize = Text(Math.Min(f.PageSize, QueryValues.MaxPageSize)),
        }, cancellationToken);
        return Page(result);
    }

    /// <summary>A unit's open cases, overdue first, then by due date.</summary>
    public async Task<CasePage?> QueueAsync(string unitCode, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Page(await sender.Send(new GetUnitQueue.Query { UnitCode = unitCode, Page = Text(page), PageSize = Text(Math.Min(pageSize, QueryValues.MaxPageSize)) }, cancellationToken));

    /// <summary>Rates grouped by round, or by unit (the children of <paramref name="unit"/>, or the roots).</summary>
    public async Task<IReadOnlyList<StatRow>?> StatsAsync(string groupBy, string? unit = null, string? round = null, CancellationToken cancellationToken = default)
    {
        var rows = await sender.Send(new GetCompletionStats.Query { GroupBy = groupBy, Unit = unit, Round = round }, cancellationToken);
        return rows.Select(r => new StatRow
        {
            Key = r.Key, Name = r.Name, Total = r.Total, Closed = r.Closed, ClosedFinal = r.ClosedFinal, ClosedStage = r.ClosedStage, Open = r.Open,
            ClosedOnTime = r.ClosedOnTime, CompletionRate = Fraction(r.CompletionRate), OnTimeRate = Fraction(r.OnTimeRate), Overdue = r.Overdue,
            Repeats = r.Repeats, Dissatisfied = r.Dissatisfied, AnsweredCallbacks = r.AnsweredCallbacks, Satisfied = r.Satisfied,
            SatisfactionRate = Fraction(r.SatisfactionRate), SubstantiatedRate = Fraction(r.SubstantiatedRate),
        }).ToList();
    }

    public async Task<IReadOnlyList<TrendWeek>?> TrendAsync(int weeks, string? unit = null, string? round = null, CancellationToken cancellationToken = default) =>
        (await sender.Send(new GetTrend.Query { Weeks = Text(weeks), Unit = unit, Round = round }, cancellationToken))
        .Select(w => new TrendWeek(w.WeekStart, w.WeekEnd, w.Received, w.Closed)).ToList();

    public async Task<(IReadOnlyList<ProblemRow> Items, int Total)?> ProblemsAsync(string? unit, string? round, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var result = await sender.Send(new GetProblemList.Query { Unit = unit, Round = round, Page = Text(page), PageSize = Text(Math.Min(pageSize, QueryValues.MaxPageSize)) }, cancellationToken);
        return (result.Items.Select(p => new ProblemRow
        {
            CaseNo = p.CaseNo, Status = p.Status, Target = p.Target, LeadUnitName = p.LeadUnitName, Reasons = p.Reasons.Select(r => r.ToString()).ToList(),
            ProblemTarget = p.ProblemTarget, Deadline = p.Deadline, Overdue = p.Overdue, DaysLeft = p.DaysLeft, ResponsiblePerson = p.ResponsiblePerson,
            LeaderName = p.Leader?.Name,
        }).ToList(), result.Total);
    }

    /// <summary>Every case of the filter, page by page (for exports).</summary>
    public async IAsyncEnumerable<CaseRow> AllCasesAsync(CaseFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await ListCasesAsync(filter with { Page = page, PageSize = QueryValues.MaxPageSize }, cancellationToken);
            if (result is null) yield break;
            foreach (var row in result.Items) yield return row;
            if (result.Items.Count == 0 || page * result.PageSize >= result.Total) yield break;
        }
    }

    private static CasePage Page(PagedResult<CaseListItem> result) => new(result.Items.Select(Row).ToList(), result.Total, result.Page, result.PageSize);

    private static CaseRow Row(CaseListItem c) => new()
    {
        CaseNo = c.CaseNo, Status = c.Status, Channel = c.Channel, ReceivedAt = c.ReceivedAt, RegionName = c.RegionName, LeadUnit = c.LeadUnit,
        LeadUnitName = c.LeadUnitName, CoUnitNames = c.CoUnits.Select(u => u.Name).ToList(), Target = c.Target, Categories = c.Categories,
        DueAt = c.DueAt, Overdue = c.Overdue, DaysLeft = c.DaysLeft, IsRepeat = c.IsRepeat, RepeatOf = c.RepeatOf, RepeatCount = c.RepeatCount,
        Satisfaction = c.Satisfaction, Verdict = c.Verdict, CloseKind = c.CloseKind, RoundCode = c.RoundCode, BatchNo = c.BatchNo,
        LeaderName = c.Leader?.Name, SupervisionCount = c.SupervisionCount, OpenSupervision = c.OpenSupervision, OnProblemList = c.OnProblemList,
    };

    /// <summary>The statistics give percentages (72.1); the UI's rates are fractions (0.721).</summary>
    private static decimal? Fraction(decimal? percent) => percent / 100m;

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(bool? value) => value switch { true => "true", false => "false", null => null };
}
