using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Security;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/query-code: intake (or a supervisor) in scope gives the complainant a new query code,
/// e.g. when the receipt was lost. The answer carries the code once; the case keeps only its hash, and the previous
/// code stops working at once.
/// </summary>
public static class IssueQueryCode
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record Command(string CaseNo, string? IdempotencyKey) : IRequest<Result>, ICaseRequest;

    /// <param name="QueryCode">The new code, shown this once (print it on a new receipt).</param>
    public sealed record Result(string CaseNo, string QueryCode, int Version);

    public sealed class Handler(CaseCommandSender sender, QueryCodes codes) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var code = QueryCodes.Generate();
            var hash = await codes.HashAsync(request.CaseNo, code, cancellationToken);
            // No idempotency key: a retried request must not answer a code whose hash was replaced by the first one.
            var petitionCase = await sender.ExecuteAsync(request.CaseNo, new IssueQueryCodeCommand(hash), idempotencyKey: null, expectedVersion: null, cancellationToken);
            return new Result(petitionCase.CaseNo, code, petitionCase.Version);
        }
    }
}
