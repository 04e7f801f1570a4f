namespace Petitions.Host.Components.Reading;

/// <summary>
/// What lists, queues, the dashboard and exports read, sent as the read-side MediatR queries (ListPetitions,
/// GetUnitQueue, GetCompletionStats, GetTrend, GetProblemList) through the same pipeline as the API. A method answers
/// null while its query is not in the application yet; the page then says the feature is coming.
/// </summary>
public sealed class ReadSide(UiMediator mediator)
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

    private UiMediator Mediator => mediator;
}
