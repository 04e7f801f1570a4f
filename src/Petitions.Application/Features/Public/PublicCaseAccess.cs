using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Public;

/// <summary>
/// Opens a case for its complainant by case number and query code, without an account. An unknown case and a wrong
/// code get the same answer (404, same body); after <see cref="LookupGuard.MaxFailures"/> of them a case number
/// answers 429 for <see cref="LookupGuard.LockDuration"/>, whatever code is presented. Codes are never logged.
/// </summary>
public sealed class PublicCaseAccess(IGrainFactory grains, QueryCodes codes)
{
    /// <summary>The one answer for an unknown case or a wrong code.</summary>
    public const string NoMatch = "No case matches this case number and query code. 未找到与该信访件编号和查询码相符的信访件。";

    public const string LockedRule = "LookupThrottled";

    /// <summary>The case number as keys and hashes use it: trimmed, upper case.</summary>
    public static string NormalizeCaseNo(string caseNo) => caseNo.Trim().ToUpperInvariant();

    public async Task<PetitionCase> OpenAsync(string caseNo, string queryCode, CancellationToken cancellationToken)
    {
        var key = NormalizeCaseNo(caseNo);
        var guard = grains.GetGrain<ILookupGuardGrain>(key);
        if (await guard.LockedFor() is { } locked) throw Locked(locked);

        var petitionCase = await grains.GetGrain<IPetitionCaseGrain>(key).Get();
        // The hash is computed for unknown cases too: both answers take the same work.
        if (!await codes.MatchesAsync(key, queryCode, petitionCase?.QueryCodeHash, cancellationToken) || petitionCase is null)
        {
            await guard.RecordFailure();
            throw new NotFoundException(NoMatch);
        }

        await guard.RecordSuccess();
        return petitionCase;
    }

    private static TooManyAttemptsException Locked(TimeSpan remaining) => new(LockedRule,
        $"Too many wrong query codes for this case number; try again in {Math.Ceiling(remaining.TotalMinutes):0} min. 查询码错误次数过多，请 {Math.Ceiling(remaining.TotalMinutes):0} 分钟后再试。",
        remaining);
}
