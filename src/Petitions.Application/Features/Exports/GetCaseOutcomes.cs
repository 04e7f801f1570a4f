using System.Collections.Concurrent;
using System.Reflection;
using MediatR;
using Orleans;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Contracts.Cases;

namespace Petitions.Application.Features.Exports;

/// <summary>
/// How listed cases ended, for the case list's export: when each was closed and its handling result's text (the
/// public summary the handler wrote for the complainant and the public). The read model's rows do not carry the
/// result, so each case is read from its grain, a few at a time. Cases the caller may not see are left out (as if
/// unknown); nothing about the complainant is read out.
/// </summary>
public static class GetCaseOutcomes
{
    /// <summary>At most this many cases per request: an export asks page by page.</summary>
    public const int MaxCases = 500;

    [Authorize(Roles.Intake, Roles.Handler, Roles.Supervisor)]
    public sealed record CaseOutcomesQuery(IReadOnlyList<string> CaseNos) : IRequest<IReadOnlyDictionary<string, CaseOutcome>>;

    /// <summary>Closed at (null while open); the latest result's public summary (null before a result).</summary>
    public sealed record CaseOutcome(DateTimeOffset? ClosedAt, string? ResultText);

    public sealed class Handler(IGrainFactory grains, ICurrentUserAccessor users, UnitDirectory units)
        : IRequestHandler<CaseOutcomesQuery, IReadOnlyDictionary<string, CaseOutcome>>
    {
        private static readonly AuthorizeAttribute Requirement = typeof(CaseOutcomesQuery).GetCustomAttribute<AuthorizeAttribute>()!;

        public async Task<IReadOnlyDictionary<string, CaseOutcome>> Handle(CaseOutcomesQuery request, CancellationToken cancellationToken)
        {
            if (request.CaseNos.Count > MaxCases) throw new ArgumentOutOfRangeException(nameof(request), $"At most {MaxCases} cases at a time.");
            var user = (await users.GetAsync(cancellationToken))!;
            var tree = await units.GetAsync(cancellationToken);
            var outcomes = new ConcurrentDictionary<string, CaseOutcome>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(request.CaseNos.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (caseNo, _) =>
                {
                    var petitionCase = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Get();
                    if (petitionCase is null || CaseAccess.Check(Requirement, user, tree, petitionCase) != CaseAccessOutcome.Allowed) return;
                    outcomes[caseNo] = new CaseOutcome(
                        petitionCase.Status == Domain.Cases.CaseStatus.Closed ? petitionCase.Closure?.ClosedAt : null,
                        petitionCase.Result?.PublicSummary);
                });
            return outcomes;
        }
    }
}
