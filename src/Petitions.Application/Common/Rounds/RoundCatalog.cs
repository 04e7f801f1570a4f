using Petitions.Domain.Common;

namespace Petitions.Application.Common.Rounds;

public sealed record RoundInfo
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public int? HandlingDays { get; init; }
}

/// <summary>An inspection round (督察轮次) with its handover batches (交办批次).</summary>
public sealed record RoundView(string Code, string Name, DateOnly StartsOn, DateOnly? EndsOn, int? HandlingDays, IReadOnlyList<BatchView> Batches, object? Statistics = null)
{
    /// <summary>The round's English name, shown to English readers (null: the Chinese name is shown to everyone).</summary>
    public string? NameEn { get; init; }
}

public sealed record BatchView(int BatchNo, DateOnly HandedOverOn, string? Note);

public sealed record NewRound(string Code, string Name, DateOnly StartsOn, DateOnly? EndsOn, int? HandlingDays, string? NameEn = null);

public sealed record NewBatch(string RoundCode, int BatchNo, DateOnly HandedOverOn, string? Note);

/// <summary>The rounds and batches tables. Adding never overwrites; <c>createdAt</c> is when the row was written.</summary>
public interface IRoundStore
{
    Task<RoundInfo?> FindAsync(string code, CancellationToken cancellationToken = default);

    Task<bool> BatchExistsAsync(string roundCode, int batchNo, CancellationToken cancellationToken = default);

    /// <summary>Rounds (one, by code, or all; by start date, then code) with their batches (by number).</summary>
    Task<IReadOnlyList<RoundView>> ListAsync(string? code, CancellationToken cancellationToken = default);

    /// <returns>False when the round code is taken.</returns>
    Task<bool> AddRoundAsync(NewRound round, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <returns>False when the round has no such code (nothing is written).</returns>
    Task<bool> UpdateRoundAsync(NewRound round, CancellationToken cancellationToken = default);

    /// <returns>False when the round already has a batch with that number.</returns>
    Task<bool> AddBatchAsync(NewBatch batch, DateTimeOffset createdAt, CancellationToken cancellationToken = default);
}

/// <summary>
/// Inspection rounds and their handover batches, read and written: the one path of the admin API, the validators and
/// the demo data. A few rows; read per request.
/// </summary>
public sealed class RoundCatalog(IRoundStore store, IClock clock)
{
    public Task<RoundInfo?> FindAsync(string code, CancellationToken cancellationToken = default) => store.FindAsync(code, cancellationToken);

    public Task<bool> BatchExistsAsync(string roundCode, int batchNo, CancellationToken cancellationToken = default) =>
        store.BatchExistsAsync(roundCode, batchNo, cancellationToken);

    /// <summary>Rounds (one, by code, or all) with their batches.</summary>
    public Task<IReadOnlyList<RoundView>> ListAsync(string? code, CancellationToken cancellationToken) => store.ListAsync(code, cancellationToken);

    /// <returns>False when the round code is taken (the existing round is left as it is).</returns>
    public Task<bool> AddRoundAsync(NewRound round, CancellationToken cancellationToken) => store.AddRoundAsync(round, clock.UtcNow, cancellationToken);

    /// <returns>False when there is no round with that code.</returns>
    public Task<bool> UpdateRoundAsync(NewRound round, CancellationToken cancellationToken) => store.UpdateRoundAsync(round, cancellationToken);

    /// <returns>False when the round already has a batch with that number.</returns>
    public Task<bool> AddBatchAsync(NewBatch batch, CancellationToken cancellationToken) => store.AddBatchAsync(batch, clock.UtcNow, cancellationToken);
}
