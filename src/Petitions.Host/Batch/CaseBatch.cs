using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;
using Petitions.Domain.Cases;
using Petitions.Host.Errors;

namespace Petitions.Host.Batch;

/// <summary>
/// One case's answer in a batch: the HTTP status the one-by-one call would have answered (200, or the refusal's 400,
/// 403, 404, 409, 412), the case's status and version after an applied action, and the refusal's ProblemDetails.
/// </summary>
public sealed record BatchCaseResult(string CaseNo, int Status, CaseStatus? CaseStatus = null, int? Version = null, ProblemDetails? Problem = null);

/// <summary>The answer of a batch action: one result per distinct case number, in the order they were sent.</summary>
public sealed record BatchActionResponse(IReadOnlyList<BatchCaseResult> Results);

/// <summary>
/// Batch actions (批量操作): the same MediatR request as the one-by-one action, sent once per case, each case with its
/// own authorization, rules, timeline entry and answer. The caller's roles and the body's shape are checked once up
/// front (they are the same for every case): a role that may not do the action is a 403 for the whole batch, an invalid
/// body a 400; everything that depends on the case (scope, lead unit, state) is that case's own answer.
/// </summary>
public static class CaseBatch
{
    /// <summary>At most this many cases in one batch (a 400 naming caseNos otherwise): a page of the list at its largest is 200.</summary>
    public const int MaxCases = 200;

    private const int MaxCaseNoLength = 50;

    /// <summary>The distinct case numbers of a batch, in order; 400 naming caseNos when there are none, too many, or blank ones.</summary>
    public static IReadOnlyList<string> CaseNumbers(IReadOnlyList<string?>? caseNos)
    {
        if (caseNos is null || caseNos.Count == 0)
            throw new InvalidFieldException("caseNos", ValidationCodes.BatchCaseNos, "'caseNos' must list at least one case number.");
        if (caseNos.Count > MaxCases)
            throw new InvalidFieldException("caseNos", ValidationCodes.BatchCaseNos, $"'caseNos' may list at most {MaxCases} case numbers.");
        if (caseNos.Any(c => string.IsNullOrWhiteSpace(c) || c.Trim().Length > MaxCaseNoLength))
            throw new InvalidFieldException("caseNos", ValidationCodes.BatchCaseNos, $"Every entry of 'caseNos' must be a case number of 1 to {MaxCaseNoLength} characters.");
        return caseNos.Select(c => c!.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The idempotency key of one case in a batch: derived from the batch's key and the case number, so that a retried
    /// batch replays every case it already applied (and applies the rest), while a key never collides across cases.
    /// </summary>
    public static string? CaseKey(string? batchKey, string caseNo) => batchKey is null
        ? null
        : "batch:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(batchKey + "\n" + caseNo)))[..48];

    /// <summary>403 for the whole batch when none of the caller's roles may send <typeparamref name="TRequest"/> at all.</summary>
    public static void AuthorizeRoles<TRequest>(CurrentUser? user)
    {
        var requirement = typeof(TRequest).GetCustomAttribute<AuthorizeAttribute>()
            ?? throw new InvalidOperationException($"{typeof(TRequest).FullName} declares no [Authorize].");
        if (user is null) throw new UnauthenticatedException("Sign in first.");
        if (CaseAccess.GrantedRoles(requirement, user).Count == 0)
            throw new ForbiddenException($"The roles {string.Join(", ", user.Roles)} may not do this action, on any case.");
    }

    /// <summary>The body's shape, checked once by the request's own validators (the same the pipeline runs per case).</summary>
    public static async Task ValidateAsync<TRequest>(IServiceProvider services, TRequest request, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        foreach (var validator in services.GetServices<IValidator<TRequest>>())
        {
            failures.AddRange((await validator.ValidateAsync(new ValidationContext<TRequest>(request), cancellationToken)).Errors);
        }

        if (failures.Count > 0) throw new ValidationException(failures);
    }

    /// <summary>
    /// Sends the action to every case, one after the other (each a request of its own through the pipeline); a refusal
    /// is that case's answer and does not stop the others.
    /// </summary>
    public static async Task<BatchActionResponse> RunAsync(IReadOnlyList<string> caseNos, Func<string, Task<PetitionView>> send, ILogger logger, CancellationToken cancellationToken)
    {
        var results = new List<BatchCaseResult>(caseNos.Count);
        foreach (var caseNo in caseNos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var view = await send(caseNo);
                results.Add(new BatchCaseResult(caseNo, StatusCodes.Status200OK, view.Status, view.Version));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                results.Add(Refused(caseNo, exception, logger));
            }
        }

        return new BatchActionResponse(results);
    }

    /// <summary>
    /// The cases of a batch export as the caller sees them in the case list (same scope, same columns, no complainant
    /// data): a case outside the caller's scope is a 404 result and is left out of the file.
    /// </summary>
    public static async Task<(BatchActionResponse Response, IReadOnlyList<CaseListItem> Rows)> FindAsync(IReadOnlyList<string> caseNos,
        Func<ListPetitions.Query, Task<PagedResult<CaseListItem>>> list, ILogger logger, CancellationToken cancellationToken)
    {
        var rows = new List<CaseListItem>();
        var results = new List<BatchCaseResult>(caseNos.Count);
        foreach (var caseNo in caseNos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // The list's text search matches the case number among other fields: keep the exact match only.
                var page = await list(new ListPetitions.Query { Q = caseNo, PageSize = QueryValues.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                var row = page.Items.FirstOrDefault(r => string.Equals(r.CaseNo, caseNo, StringComparison.OrdinalIgnoreCase))
                    ?? throw new NotFoundException($"Case {caseNo} was not found.");
                rows.Add(row);
                results.Add(new BatchCaseResult(row.CaseNo, StatusCodes.Status200OK, row.Status));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                results.Add(Refused(caseNo, exception, logger));
            }
        }

        return (new BatchActionResponse(results), rows);
    }

    private static BatchCaseResult Refused(string caseNo, Exception exception, ILogger logger)
    {
        var problem = Flatten(ProblemDetailsMapper.Map(exception));
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (status >= StatusCodes.Status500InternalServerError) logger.LogError(exception, "A batch action failed on case {CaseNo}", caseNo);
        return new BatchCaseResult(caseNo, status, Problem: problem);
    }

    /// <summary>A validation problem as a plain ProblemDetails with its field errors kept (the result's schema is one type).</summary>
    private static ProblemDetails Flatten(ProblemDetails problem)
    {
        if (problem is not ValidationProblemDetails validation) return problem;
        var flat = new ProblemDetails { Status = validation.Status, Title = validation.Title, Type = validation.Type, Detail = validation.Detail };
        foreach (var (key, value) in validation.Extensions) flat.Extensions[key] = value;
        flat.Extensions["errors"] = validation.Errors;
        return flat;
    }
}
