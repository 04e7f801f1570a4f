using Petitions.Domain.Common;

namespace Petitions.Application.Common.Security;

/// <summary>One line of the security log.</summary>
public sealed record SecurityLogEntry(long Id, DateTimeOffset At, string Username, string Event, string? Detail, string? Remote);

/// <summary>The security_log table: appended to, read newest first.</summary>
public interface ISecurityLogStore
{
    Task AppendAsync(DateTimeOffset at, string username, string securityEvent, string? detail, string? remote, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> entries, of one user or of all.</summary>
    Task<IReadOnlyList<SecurityLogEntry>> ListAsync(string? username, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Sign-in successes, failures, lockouts and account changes, readable by administrators.</summary>
public sealed class SecurityLog(ISecurityLogStore store, IClock clock)
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

    public Task WriteAsync(string username, string securityEvent, string? detail = null, string? remote = null, CancellationToken cancellationToken = default) =>
        store.AppendAsync(clock.UtcNow, username, securityEvent, detail, remote, cancellationToken);
}
