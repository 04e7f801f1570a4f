using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Petitions.Host.Operations.Telemetry;

namespace Petitions.Host.Errors;

/// <summary>
/// The fallback ProblemDetails writer for the API: a client whose Accept header names no JSON type (e.g.
/// "application/xml") still gets the problem as application/problem+json, never an empty error. The framework's
/// writer, registered first, keeps content negotiation for everyone else.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", PetitionsTelemetry.TraceId(context.HttpContext));
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            "application/problem+json", context.HttpContext.RequestAborted));
    }
}

public static class ProblemDetailsSetup
{
    /// <summary>ProblemDetails for every error (with the trace id), the one exception mapper, the API's fallback writer.</summary>
    public static IServiceCollection AddPetitionsProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = PetitionsTelemetry.TraceId(c.HttpContext));
        services.AddExceptionHandler<ProblemDetailsMapper>();
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        return services;
    }
}
