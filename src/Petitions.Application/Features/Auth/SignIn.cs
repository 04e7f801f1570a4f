using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Auth;

/// <summary>POST /api/auth/token: username and password for a bearer token. Failures and lockouts are logged.</summary>
public static class SignIn
{
    [AllowAnonymous]
    public sealed record Command(string? Username, string? Password) : IRequest<Result>;

    public sealed record Result(string AccessToken, int ExpiresIn, string TokenType, string Username, string DisplayName, IReadOnlyList<string> Roles);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Username).NotEmpty().MaximumLength(64);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(256);
        }
    }

    public sealed class Handler(UserAccounts accounts, SecurityLog log, ITokenIssuer tokens, IRequestOrigin origin) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var username = request.Username!.Trim();
            var (outcome, account) = await accounts.CheckPasswordAsync(username, request.Password!, cancellationToken);
            var remote = origin.RemoteAddress;
            switch (outcome)
            {
                case UserAccounts.SignInOutcome.Succeeded:
                    await log.WriteAsync(username, SecurityLog.Events.SignInSucceeded, remote: remote, cancellationToken: cancellationToken);
                    var token = await tokens.IssueAsync(account!, cancellationToken);
                    return new Result(token.Token, token.ExpiresInSeconds, "Bearer", account!.Username, account.DisplayName, account.RoleList);
                case UserAccounts.SignInOutcome.LockedOut:
                    await log.WriteAsync(username, SecurityLog.Events.LockedOut, remote: remote, cancellationToken: cancellationToken);
                    break;
                case UserAccounts.SignInOutcome.Locked:
                    await log.WriteAsync(username, SecurityLog.Events.SignInWhileLocked, remote: remote, cancellationToken: cancellationToken);
                    break;
                case UserAccounts.SignInOutcome.Inactive:
                    await log.WriteAsync(username, SecurityLog.Events.SignInInactive, remote: remote, cancellationToken: cancellationToken);
                    break;
                default:
                    await log.WriteAsync(username, SecurityLog.Events.SignInFailed, account is null ? "unknown user" : null, remote, cancellationToken);
                    break;
            }

            // One answer for every failure: it does not tell whether the user exists or is locked.
            throw new UnauthenticatedException("The username or password is wrong, or the account is locked.");
        }
    }
}
