using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Validation;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Endpoints;

/// <summary>
/// The client's guards on a case action, from its headers: Idempotency-Key makes a retried request return the first
/// answer; If-Match refuses the action with 412 if the case has moved on since the client read it.
/// </summary>
public sealed record CaseActionGuards
{
    [FromHeader(Name = EndpointExtensions.IdempotencyKeyHeader)]
    [Description("Any string of at most 200 characters: a retried request with the same key returns the first answer and changes nothing.")]
    public string? IdempotencyKey { get; init; }

    [FromHeader(Name = "If-Match")]
    [Description("The case version from the ETag of the case the client has seen (\"3\", W/\"3\" or 3): the action is refused with 412 if the case has changed since.")]
    public string? IfMatch { get; init; }

    /// <summary>The idempotency key, checked (400 naming the header when too long).</summary>
    public string? Key() => EndpointExtensions.IdempotencyKey(IdempotencyKey);

    /// <summary>The version of If-Match, checked (400 naming the header when malformed).</summary>
    public int? Version() => EndpointExtensions.ExpectedVersion(IfMatch);
}

public static class EndpointExtensions
{
    /// <summary>The header that makes a retried POST return the first answer.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Keys are stored with the case (the last hundred): a longer one is a 400 naming the header.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    public static string? IdempotencyKey(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var key = header.Trim();
        return key.Length <= MaxIdempotencyKeyLength
            ? key
            : throw new InvalidFieldException(IdempotencyKeyHeader, ValidationCodes.IdempotencyKey, $"{IdempotencyKeyHeader} must be at most {MaxIdempotencyKeyLength} characters.");
    }

    /// <summary>
    /// The case version a client has seen, from If-Match ("3", W/"3" or 3). A malformed If-Match is a 400 naming
    /// the header; none, or "*", guards nothing.
    /// </summary>
    public static int? ExpectedVersion(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var trimmed = ifMatch.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal)) trimmed = trimmed[2..];
        return int.TryParse(trimmed.Trim('"'), out var version) && version > 0
            ? version
            : throw new InvalidFieldException("If-Match", ValidationCodes.IfMatch, "If-Match must hold the case version from the ETag, e.g. \"3\".");
    }

    /// <summary>
    /// A query parameter that is not text, parsed here rather than by the framework so that a malformed value is a 400
    /// naming the parameter (the binder's error names no field).
    /// </summary>
    public static bool? QueryBool(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null
        : bool.TryParse(value.Trim(), out var parsed) ? parsed
        : throw new InvalidFieldException(name, ValidationCodes.Boolean, $"'{name}' must be true or false.");

    /// <inheritdoc cref="QueryBool"/>
    public static int? QueryInt(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? null
        : int.TryParse(value.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new InvalidFieldException(name, ValidationCodes.WholeNumber, $"'{name}' must be a whole number.");

    /// <summary>200 with the case, its version in the ETag header (for the next If-Match).</summary>
    public static Ok<PetitionView> CaseWithETag(this HttpResponse response, PetitionView view) => response.WithETag(view.Version, view);

    public static Ok<T> WithETag<T>(this HttpResponse response, int version, T value)
    {
        response.Headers.ETag = $"\"{version}\"";
        return TypedResults.Ok(value);
    }

    /// <summary>
    /// Declares the problems an endpoint can answer besides its success: 400 is a validation problem naming the
    /// field, parameter or header; every other status a ProblemDetails (the one mapper writes both).
    /// </summary>
    public static TBuilder Problems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest) builder.ProducesValidationProblem();
            else builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>
    /// A case action: 400 (a field or header is invalid), 404 (no such case in the caller's scope), 409 (the action
    /// does not apply in the case's state), 412 (If-Match names an older version); the 200 carries the ETag.
    /// </summary>
    public static RouteHandlerBuilder CaseAction(this RouteHandlerBuilder builder) =>
        builder.Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed)
            .WithMetadata(AnswersETag.Instance);
}

/// <summary>Marks an endpoint whose 200 carries the case version in an ETag header (the API description says so).</summary>
public sealed class AnswersETag
{
    public static readonly AnswersETag Instance = new();

    private AnswersETag()
    {
    }
}
