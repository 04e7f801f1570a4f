using Dapper;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;

namespace Petitions.Application.Common.Security;

/// <summary>Sign-in successes, failures, lockouts and account changes, readable by administrators.</summary>
public sealed class SecurityLog(IDatabase database, IClock clock)
{
    public static class Events
    {
        public const string SignInSucceeded = "SignInSucceeded";
        public const string SignInFailed = "SignInFailed";
        public const string LockedOut = "LockedOut";
        public const string SignInWhileLocked = "SignInWhileLocked";
        public const string SignInInactive = "SignInInactive";
        public const string UserCreated = "UserCreated";
        public const string UserUpdated = "UserUpdated";
        public const string PasswordReset = "PasswordReset";
        public const string BootstrapAdminCreated = "BootstrapAdminCreated";
    }

    public async Task WriteAsync(string username, string securityEvent, string? detail = null, string? remote = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO security_log (at, username, event, detail, remote) VALUES (@at, @username, @securityEvent, @detail, @remote)",
            new { at = clock.UtcNow.ToUnixTimeMilliseconds(), username, securityEvent, detail, remote }, cancellationToken: cancellationToken));
    }
}
