using FluentValidation;
using MediatR;
using Petitions.Application.Common;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Domain.Cases;

namespace Petitions.Application.Features.Petitions;

/// <summary>
/// POST /api/petitions/{caseNo}/query-code: intake (or a supervisor) in scope gives the complainant a new query code,
/// e.g. when the receipt was lost. The answer carries the code once; the case keeps only its hash, and the previous
/// code stops working at once. With an Idempotency-Key the code is derived from it, so a retry answers the same code.
/// </summary>
public static class IssueQueryCode
{
    [Authorize(Roles.Intake, Roles.Supervisor)]
    public sealed record Command(string CaseNo, string? IdempotencyKey, int? ExpectedVersion, string? Reason = null) : IRequest<Result>, ICaseActionRequest;

    /// <summary>The optional body: why a new code is issued (kept on the timeline), e.g. "原回执遗失". Nothing else.</summary>
    [System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
    public sealed record Request(string? Reason);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).OptionalText(InputRules.NoteLength);
    }

    /// <param name="QueryCode">The new code, shown this once (print it on a new receipt).</param>
    public sealed record Result(string CaseNo, string QueryCode, int Version);

    public sealed class Handler(CaseCommandSender sender, QueryCodes codes, ICurrentUserAccessor users) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = (await users.GetAsync(cancellationToken))!;
            var code = request.IdempotencyKey is { } key
                ? await codes.DeriveAsync($"{user.Username}\n{request.CaseNo}\n{key}", cancellationToken)
                : QueryCodes.Generate();
            var hash = await codes.HashAsync(request.CaseNo, code, cancellationToken);
            var petitionCase = await sender.ExecuteAsync(request.CaseNo, new IssueQueryCodeCommand(hash, InputRules.TrimOrNull(request.Reason)), request.IdempotencyKey, request.ExpectedVersion, cancellationToken);
            // A retry whose code was replaced by a later one since: the code it would answer no longer works.
            if (!await codes.MatchesAsync(petitionCase.CaseNo, code, petitionCase.QueryCodeHash, cancellationToken))
            {
                throw new ConflictException(ConflictRules.QueryCodeReplaced, "A newer query code has been issued since this request was first made; issue a new one.");
            }

            return new Result(petitionCase.CaseNo, code, petitionCase.Version);
        }
    }
}
