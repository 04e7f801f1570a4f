using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Common.Errors;
using Petitions.Domain.Cases;

namespace Petitions.Host.Errors;

/// <summary>
/// The one exception → RFC 9457 ProblemDetails mapper. Clients get a status, the rule and the field; never an
/// exception message they did not cause (a 500 says only that something failed, with a trace id).
/// </summary>
public sealed partial class ProblemDetailsMapper(IProblemDetailsService problemDetails, Operations.StorageFaults faults, ILogger<ProblemDetailsMapper> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception, httpContext);
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Unavailable on {Method} {Path}: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name);
            faults.Noticed();
            httpContext.Response.Headers.RetryAfter = Unavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exception is TooManyAttemptsException tooMany)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(tooMany.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception, HttpContext? httpContext = null) => exception switch
    {
        ValidationException validation => Validation(validation.Errors
            .GroupBy(e => FieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
        BadHttpRequestException bad => BadRequest(bad),
        RuleViolationException rule => FromRule(rule),
        InvalidFieldException invalid => Validation(new Dictionary<string, string[]> { [FieldName(invalid.Field)] = [invalid.Message] }),
        NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
        ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
        UnauthenticatedException unauthenticated => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", unauthenticated.Message),
        ConflictException conflict => WithRule(Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message), conflict.Rule),
        TooManyAttemptsException tooMany => WithRule(Problem(StatusCodes.Status429TooManyRequests, "Too many attempts", tooMany.Message), tooMany.Rule),
        OperationCanceledException when httpContext?.RequestAborted.IsCancellationRequested == true =>
            Problem(499, "Client closed request", "The request was cancelled."),
        _ when Unavailable.Reason(exception) is { } reason =>
            Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", reason + " The request may not have taken effect: send it again shortly, with the same Idempotency-Key."),
        _ => Problem(StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred. It has been logged; quote the trace id when reporting it."),
    };

    private static ProblemDetails FromRule(RuleViolationException exception)
    {
        var v = exception.Violation;
        var problem = v.Kind switch
        {
            ViolationKind.Invalid => Validation(new Dictionary<string, string[]> { [FieldName(v.Field ?? "")] = [v.Message] }, v.Message),
            ViolationKind.PreconditionFailed => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", v.Message),
            ViolationKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", v.Message),
            _ => Problem(StatusCodes.Status409Conflict, "The action does not apply to the case", v.Message),
        };
        WithRule(problem, v.Rule);
        if (v.CurrentStatus is { } status) problem.Extensions["currentStatus"] = status.ToString();
        if (v.WindowClosedAt is { } closed) problem.Extensions["windowClosedAt"] = closed;
        if (exception.CaseNo is { } caseNo) problem.Extensions["caseNo"] = caseNo;
        return problem;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        // The body could not be read: name the JSON path that failed (e.g. "receivedAt" for a malformed date); a
        // parameter that could not be bound is named by the framework's message ("Failed to bind parameter \"int page\"").
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? FieldName(path.TrimStart('$', '.'))
            : BoundParameter().Match(bad.Message) is { Success: true } parameter ? FieldName(parameter.Groups["name"].Value)
            : bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Content-Type"
            : "body";
        var message = json is not null ? $"The value at '{field}' could not be read."
            : bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The body is too large."
            : bad.Message;
        var problem = Validation(new Dictionary<string, string[]> { [field] = [message] });
        // 413, 415 and 408 keep their own status; everything else about a malformed request is a 400.
        if (bad.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType or StatusCodes.Status408RequestTimeout)
        {
            problem.Status = bad.StatusCode;
            problem.Title = bad.StatusCode == StatusCodes.Status408RequestTimeout ? "The request took too long." : "The request body cannot be accepted.";
        }

        return problem;
    }

    [GeneratedRegex("parameter \"(?:[^\"\\s]+\\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex BoundParameter();

    private static ValidationProblemDetails Validation(IDictionary<string, string[]> errors, string? detail = null) => new(errors)
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "One or more fields are invalid.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        Detail = detail,
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithRule(ProblemDetails problem, string rule)
    {
        problem.Extensions["rule"] = rule;
        return problem;
    }

    /// <summary>"Complainant.Phone" → "complainant.phone", "Categories[1]" → "categories[1]".</summary>
    public static string FieldName(string propertyPath) => string.Join('.', propertyPath.Split('.')
        .Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
