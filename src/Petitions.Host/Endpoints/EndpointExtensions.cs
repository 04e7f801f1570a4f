using MediatR;

namespace Petitions.Host.Endpoints;

public static class EndpointExtensions
{
    /// <summary>The header that makes a retried POST return the first answer.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static string? IdempotencyKey(this HttpRequest request) =>
        request.Headers.TryGetValue(IdempotencyKeyHeader, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0])
            ? values[0]!.Trim()
            : null;

    /// <summary>Sends through the MediatR pipeline and answers 200 with the result.</summary>
    public static async Task<IResult> Send<T>(this IMediator mediator, IRequest<T> request, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(request, cancellationToken));
}
