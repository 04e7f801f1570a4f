using System.Diagnostics;
using MediatR;
using Petitions.Application.Common.Security;
using Petitions.Application.Features.Evidence;
using Petitions.Contracts.Cases;

namespace Petitions.Application.Features.Admin;

/// <summary>
/// POST /api/admin/keys/reencrypt: every stored case whose complainant is sealed under an older key (or stored in
/// clear, from before sealing) is written again, sealed under the identity key now in force; then the database drops
/// the old row versions (VACUUM: on SQLite writes wait for it). Every evidence file not sealed under the key in force
/// is sealed again under it too. Reports how many cases and files were rewritten. Safe to repeat (a second run finds
/// nothing to do); cases keep their version.
/// </summary>
public static class ReencryptIdentities
{
    /// <summary>Cases rewritten at once: enough to keep the storage busy without crowding out the users' requests.</summary>
    public const int Parallelism = 4;

    [Authorize(Roles.Admin)]
    public sealed record Command : IRequest<Result>;

    /// <param name="Cases">How many cases were rewritten (those not yet sealed under <paramref name="KeyId"/>).</param>
    /// <param name="KeyId">The identity key they are now sealed under.</param>
    /// <param name="EvidenceFiles">How many evidence files were sealed again under <paramref name="KeyId"/>.</param>
    public sealed record Result(int Cases, Guid KeyId, double ElapsedMs, int EvidenceFiles);

    public sealed class Handler(IIdentityKeyRing ring, IGrainFactory grains, IEvidenceResealer evidence) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var key = ring.Current();
            var caseNos = await ring.CasesNotSealedUnderAsync(key.KeyId, cancellationToken);
            var rewritten = 0;
            await Parallel.ForEachAsync(caseNos, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (caseNo, _) =>
                {
                    if (await grains.GetGrain<IPetitionCaseGrain>(caseNo).Reseal()) Interlocked.Increment(ref rewritten);
                });
            var files = await evidence.ResealAsync(cancellationToken);
            if (rewritten > 0 || files > 0) await ring.ScrubStorageAsync(cancellationToken);
            return new Result(rewritten, key.KeyId, watch.Elapsed.TotalMilliseconds, files);
        }
    }
}
