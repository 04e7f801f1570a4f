using MediatR;
using Petitions.Application.Features.Petitions;

namespace Petitions.Host.Endpoints;

public static class EndpointExtensions
{
    /// <summary>The header that makes a retried POST return the first answer.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Keys are stored with the case (the last hundred): a longer one is a 400 naming the header.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    public static string? IdempotencyKey(this HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
            return null;
        var key = values[0]!.Trim();
        return key.Length <= MaxIdempotencyKeyLength
            ? key
            : throw new Petitions.Application.Common.Errors.InvalidFieldException(IdempotencyKeyHeader, Petitions.Application.Common.Validation.ValidationCodes.IdempotencyKey, $"{IdempotencyKeyHeader} must be at most {MaxIdempotencyKeyLength} characters.");
    }

    /// <summary>
    /// The case version a client has seen, from If-Match ("3", W/"3" or 3): the action is refused with 412 if the
    /// case has moved on. A malformed If-Match is a 400 naming the header.
    /// </summary>
    public static int? ExpectedVersion(this HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "*") return null;
        var trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal)) trimmed = trimmed[2..];
        return int.TryParse(trimmed.Trim('"'), out var version) && version > 0
            ? version
            : throw new Petitions.Application.Common.Errors.InvalidFieldException("If-Match", Petitions.Application.Common.Validation.ValidationCodes.IfMatch, "If-Match must hold the case version from the ETag, e.g. \"3\".");
    }

    /// <summary>Sends a case action through the pipeline; answers 200 with the case and its new ETag.</summary>
    public static async Task<IResult> SendAction(this IMediator mediator, IRequest<PetitionView> request, CancellationToken cancellationToken)
    {
        var view = await mediator.Send(request, cancellationToken);
        return Results.Ok(view).WithETag(view.Version);
    }

    private static IResult WithETag(this IResult result, int version) => new ETagResult(result, version);

    private sealed class ETagResult(IResult inner, int version) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = $"\"{version}\"";
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>Sends through the MediatR pipeline and answers 200 with the result.</summary>
    public static async Task<IResult> Send<T>(this IMediator mediator, IRequest<T> request, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(request, cancellationToken));
}
