using System.Text.Json.Serialization;
using Orleans;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Petitions;
using Petitions.Contracts.Cases;
using Petitions.Domain.Cases;
using Petitions.Domain.Common;

namespace Petitions.Application.Common;

/// <summary>What every case action request carries besides its body: the client's retry key and the version it saw.</summary>
public interface ICaseActionRequest : ICaseRequest
{
    string? IdempotencyKey { get; }
    int? ExpectedVersion { get; }
}

/// <summary>
/// The base of a case action with a JSON body: the case, the retry key and the seen version come from the route and
/// the headers, never from the body.
/// </summary>
public abstract record CaseAction : ICaseActionRequest
{
    [JsonIgnore] public string CaseNo { get; init; } = "";
    [JsonIgnore] public string? IdempotencyKey { get; init; }
    [JsonIgnore] public int? ExpectedVersion { get; init; }

    /// <summary>This action addressed to a case, with the client's guards (a copy of the concrete command).</summary>
    public CaseAction Addressed(string caseNo, string? idempotencyKey, int? expectedVersion) =>
        this with { CaseNo = caseNo, IdempotencyKey = idempotencyKey, ExpectedVersion = expectedVersion };
}

/// <summary>
/// Sends one domain command to a case grain on behalf of the current user and turns a refusal into the exception
/// the ProblemDetails mapper answers with (409 with the current state, 400 naming the field, 412). Handlers of case
/// actions are one line around this.
/// </summary>
public sealed class CaseCommandSender(IGrainFactory grains, ICurrentUserAccessor users, UnitDirectory units, IClock clock)
{
    public async Task<PetitionView> SendAsync(ICaseActionRequest request, CaseCommand command, CancellationToken cancellationToken)
    {
        // The request was authorized as the action it declares: it must send a command of that kind.
        if (CaseActionPermissions.KindOf(request.GetType()) is { } declared && declared != CaseCommandTable.KindOf(command))
        {
            throw new InvalidOperationException($"{request.GetType().FullName} declares {declared} but sends {CaseCommandTable.KindOf(command)}.");
        }

        var result = await ExecuteAsync(request.CaseNo, command, request.IdempotencyKey, request.ExpectedVersion, cancellationToken);
        return PetitionView.From(result, await units.GetAsync(cancellationToken), clock.UtcNow, await UserAsync(cancellationToken));
    }

    public async Task<PetitionCase> ExecuteAsync(string caseNo, CaseCommand command, string? idempotencyKey, int? expectedVersion, CancellationToken cancellationToken)
    {
        var user = await UserAsync(cancellationToken);
        var meta = new CommandMeta(new Actor(user.Username, user.DisplayName), ScopedKey(user, command, idempotencyKey), expectedVersion);
        var result = await grains.GetGrain<IPetitionCaseGrain>(caseNo).Execute(command, meta);
        if (result.Violation is { } violation) throw new RuleViolationException(violation, caseNo);
        return result.Case ?? throw new NotFoundException($"Case {caseNo} was not found.");
    }

    private async Task<CurrentUser> UserAsync(CancellationToken cancellationToken) =>
        await users.GetAsync(cancellationToken) ?? throw new UnauthenticatedException("Sign in first.");

    /// <summary>
    /// A client's key counts for one user and one kind of action: a key reused by someone else, or for another action,
    /// must not replay an answer it never got (a reveal without its timeline entry, say).
    /// </summary>
    private static string? ScopedKey(CurrentUser user, CaseCommand command, string? idempotencyKey) =>
        idempotencyKey is null ? null : $"{user.Username}|{command.GetType().Name}|{idempotencyKey}";
}
