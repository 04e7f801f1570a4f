using Petitions.Application.Common.Rounds;

namespace Petitions.Demo;

public sealed record DemoRound(string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, int? HandlingDays, IReadOnlyList<NewBatch> Batches, string? NameEn = null);
