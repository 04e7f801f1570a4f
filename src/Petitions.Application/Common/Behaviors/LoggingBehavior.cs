using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Common.Behaviors;

/// <summary>
/// Logs each use case by name, case number or unit, caller and duration, inside a trace span of its own (HTTP →
/// use case → grain → SQL). Never the request body: it may hold a complainant's name, phone or address.
/// </summary>
public sealed class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger, ICurrentUserAccessor users)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = RequestName.Of(typeof(TRequest));
        var subject = request switch
        {
            ICaseRequest c => c.CaseNo,
            IUnitRequest u => u.UnitCode,
            _ => null,
        };
        var user = (await users.GetAsync(cancellationToken))?.Username ?? "anonymous";
        using var activity = UseCaseDiagnostics.Source.StartActivity(name);
        activity?.SetTag("petitions.subject", subject);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogInformation("{Request} {Subject} by {User} in {Elapsed:0.0} ms", name, subject, user, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogInformation("{Request} {Subject} by {User} refused: {Reason}", name, subject, user, ex.GetType().Name);
            throw;
        }
    }
}

/// <summary>The trace source of the use cases (one span per MediatR request).</summary>
public static class UseCaseDiagnostics
{
    public const string SourceName = "Petitions.Application";
    public static readonly ActivitySource Source = new(SourceName);
}

public static class RequestName
{
    /// <summary>"RegisterPetition.Command" rather than "Command".</summary>
    public static string Of(Type type) => type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;
}
