using Petitions.Domain.Cases;

namespace Petitions.Application.Common.Errors;

/// <summary>The resource does not exist, or the caller may not know that it does (HTTP 404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller's role may not do this (HTTP 403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>No valid sign-in (HTTP 401).</summary>
public sealed class UnauthenticatedException(string message) : Exception(message);

/// <summary>A domain rule refused the command (HTTP 409, 400 naming the field, 412 or 404).</summary>
public sealed class RuleViolationException(RuleViolation violation, string? caseNo = null) : Exception(violation.Message)
{
    public RuleViolation Violation { get; } = violation;
    public string? CaseNo { get; } = caseNo;
}

/// <summary>Input that is well-formed but refers to something unknown or conflicting (HTTP 400 for one field).</summary>
public sealed class InvalidFieldException(string field, string code, string message) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>What is wrong, as a <see cref="Validation.ValidationCodes"/> code (clients translate by it).</summary>
    public string Code { get; } = code;
}

/// <summary>A state conflict outside the case lifecycle, e.g. a duplicate code (HTTP 409).</summary>
public sealed class ConflictException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

/// <summary>Too many attempts: try again after <see cref="RetryAfter"/> (HTTP 429 with Retry-After).</summary>
public sealed class TooManyAttemptsException(string rule, string message, TimeSpan retryAfter) : Exception(message)
{
    public string Rule { get; } = rule;
    public TimeSpan RetryAfter { get; } = retryAfter;
}
