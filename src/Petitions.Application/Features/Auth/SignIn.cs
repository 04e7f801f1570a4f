using FluentValidation;
using MediatR;
using Petitions.Application.Common.Errors;
using Petitions.Application.Common.Security;

namespace Petitions.Application.Features.Auth;

/// <summary>
/// Signing in with username and password. <see cref="Command"/> is POST /api/auth/token (a bearer token for the API);
/// <see cref="VerifyPassword"/> is the web UI's cookie sign-in, which gets the account and no token. Both go through
/// <see cref="PasswordCheck"/>: one lockout rule, one security log.
/// </summary>
public static class SignIn
{
    [AllowAnonymous]
    public sealed record Command(string? Username, string? Password) : IRequest<Result>;

    public sealed record Result(string AccessToken, int ExpiresIn, string TokenType, string Username, string DisplayName, IReadOnlyList<string> Roles);

    /// <summary>The password check alone, for a cookie sign-in: answers the verified account, never a token.</summary>
    [AllowAnonymous]
    public sealed record VerifyPassword(string? Username, string? Password) : IRequest<Verified>;

    public sealed record Verified(string Username, string DisplayName, IReadOnlyList<string> Roles, string? Language, long PasswordChangedAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Username).NotEmpty().MaximumLength(64);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(256);
        }
    }

    public sealed class VerifyValidator : AbstractValidator<VerifyPassword>
    {
        public VerifyValidator()
        {
            RuleFor(c => c.Username).NotEmpty().MaximumLength(64);
            RuleFor(c => c.Password).NotEmpty().MaximumLength(256);
        }
    }

    public sealed class Handler(PasswordCheck check, ITokenIssuer tokens) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            var account = await check.VerifyAsync(request.Username!, request.Password!, cancellationToken);
            var token = await tokens.IssueAsync(account, cancellationToken);
            return new Result(token.Token, token.ExpiresInSeconds, "Bearer", account.Username, account.DisplayName, account.RoleList);
        }
    }

    public sealed class VerifyHandler(PasswordCheck check) : IRequestHandler<VerifyPassword, Verified>
    {
        public async Task<Verified> Handle(VerifyPassword request, CancellationToken cancellationToken)
        {
            var account = await check.VerifyAsync(request.Username!, request.Password!, cancellationToken);
            return new Verified(account.Username, account.DisplayName, account.RoleList, account.Language, account.PasswordChangedAt);
        }
    }

    /// <summary>Checks the password (lockout included) and writes the outcome to the security log.</summary>
    public sealed class PasswordCheck(UserAccounts accounts, SecurityLog log, IRequestOrigin origin)
    {
        public async Task<UserAccount> VerifyAsync(string username, string password, CancellationToken cancellationToken)
        {
            username = username.Trim();
            var (outcome, account) = await accounts.CheckPasswordAsync(username, password, cancellationToken);
            var remote = origin.RemoteAddress;
            switch (outcome)
            {
                case UserAccounts.SignInOutcome.Succeeded:
                    await log.WriteAsync(username, SecurityLog.Events.SignInSucceeded, remote: remote, cancellationToken: cancellationToken);
                    return account!;
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
