namespace Petitions.Host.Components.Reading;

/// <summary>
/// What lists, queues, the dashboard and exports read, sent as the read-side MediatR queries (ListPetitions,
/// GetUnitQueue, GetCompletionStats, GetTrend, GetProblemList) through the same pipeline as the API. A method answers
/// null while its query is not in the application yet; the page then says the feature is coming.
/// </summary>
public sealed class ReadSide(IRequestSender sender)
{
    public bool CasesAvailable => false;

    public Task<CasePage?> ListCasesAsync(CaseFilter filter, CancellationToken cancellationToken = default) => Task.FromResult<CasePage?>(null);

    /// <summary>A unit's open cases, overdue first, then by due date.</summary>
    public Task<CasePage?> QueueAsync(string unitCode, int page, int pageSize, CancellationToken cancellationToken = default) => Task.FromResult<CasePage?>(null);

    public Task<IReadOnlyList<StatRow>?> StatsAsync(string groupBy, string? unit = null, string? round = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StatRow>?>(null);

    public Task<IReadOnlyList<TrendWeek>?> TrendAsync(int weeks, string? unit = null, string? round = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TrendWeek>?>(null);

    public Task<(IReadOnlyList<ProblemRow> Items, int Total)?> ProblemsAsync(string? unit, string? round, int page, int pageSize, CancellationToken cancellationToken = default) =>
        Task.FromResult<(IReadOnlyList<ProblemRow>, int)?>(null);

    private IRequestSender Sender => sender;

    /// <summary>Every case of the filter, page by page (for exports).</summary>
    public async IAsyncEnumerable<CaseRow> AllCasesAsync(CaseFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await ListCasesAsync(filter with { Page = page, PageSize = 200 }, cancellationToken);
            if (result is null) yield break;
            foreach (var row in result.Items) yield return row;
            if (result.Items.Count == 0 || page * result.PageSize >= result.Total) yield break;
        }
    }
}
