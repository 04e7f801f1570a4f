using Microsoft.AspNetCore.Identity;
using Petitions.Domain.Common;

namespace Petitions.Application.Common.Security;

/// <summary>A stored account. The password hash is ASP.NET Core Identity's (PBKDF2, salted, versioned).</summary>
public sealed record UserAccount
{
    public required string Username { get; init; }
    public required string DisplayName { get; init; }
    public string PasswordHash { get; init; } = "";
    public string Roles { get; init; } = "";
    public string Units { get; init; } = "";
    public bool AllUnits { get; init; }
    public bool Active { get; init; } = true;
    public int FailedCount { get; init; }
    public long? FirstFailedAt { get; init; }
    public long? LockedUntil { get; init; }
    public string? Language { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long PasswordChangedAt { get; init; }
    /// <summary>The latest successful sign-in (cookie or token), null before the first.</summary>
    public long? LastSignInAt { get; init; }

    public IReadOnlyList<string> RoleList => Split(Roles);
    public IReadOnlyList<string> UnitList => Split(Units);

    public CurrentUser ToCurrentUser() => new(Username, DisplayName, RoleList, UnitList, AllUnits, Language);

    public static string Join(IEnumerable<string> values) => string.Join(',', values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct());

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The users table. Instants are Unix milliseconds, as on <see cref="UserAccount"/>.</summary>
public interface IUserAccountStore
{
    Task<UserAccount?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Every account, by username.</summary>
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default);

    Task<bool> AnyAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the account (no failures recorded) unless the username exists; returns whether it did.</summary>
    Task<bool> InsertAsync(UserAccount account, CancellationToken cancellationToken = default);

    /// <returns>False when there is no such account.</returns>
    Task<bool> UpdateProfileAsync(string username, string displayName, string roles, string units, bool allUnits, bool active, string? language, long now,
        CancellationToken cancellationToken = default);

    Task<bool> SetLanguageAsync(string username, string language, long now, CancellationToken cancellationToken = default);

    /// <summary>Stores a new password hash and its change time, and clears failures and lockout.</summary>
    Task<bool> SetPasswordHashAsync(string username, string passwordHash, long changedAt, CancellationToken cancellationToken = default);

    /// <summary>Records the failed sign-ins of the current window, or the lockout (failed count and window cleared).</summary>
    Task RecordFailuresAsync(string username, int failedCount, long? firstFailedAt, long? lockedUntil, CancellationToken cancellationToken = default);

    /// <summary>A successful sign-in: records its time and clears failures and lockout.</summary>
    Task RecordSignInAsync(string username, long at, CancellationToken cancellationToken = default);
}

/// <summary>The account store (users table) with password hashing and the lockout rule.</summary>
public sealed class UserAccounts(IUserAccountStore store, IClock clock)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public Task<UserAccount?> FindAsync(string username, CancellationToken cancellationToken = default) => store.FindAsync(username, cancellationToken);

    public Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => store.AnyAsync(cancellationToken);

    /// <summary>Creates the account unless the username exists; returns whether it was created.</summary>
    public async Task<bool> CreateAsync(UserAccount account, string password, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        var stored = account with
        {
            PasswordHash = Hasher.HashPassword(account, password),
            CreatedAt = now,
            UpdatedAt = now,
            PasswordChangedAt = now,
        };
        return await store.InsertAsync(stored, cancellationToken);
    }

    public Task<bool> UpdateProfileAsync(string username, string displayName, string roles, string units, bool allUnits, bool active, string? language, CancellationToken cancellationToken = default) =>
        store.UpdateProfileAsync(username, displayName, roles, units, allUnits, active, language, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>The user's own choice of interface language; nothing else of the account changes.</summary>
    public Task<bool> SetLanguageAsync(string username, string language, CancellationToken cancellationToken = default) =>
        store.SetLanguageAsync(username, language, clock.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Sets a new password, clears any lockout and invalidates tokens issued before (their stamp changes).</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(username, cancellationToken);
        if (account is null) return false;
        // Tokens carry the stamp in whole milliseconds; make sure a reset inside the same millisecond still changes it.
        var now = Math.Max(clock.UtcNow.ToUnixTimeMilliseconds(), account.PasswordChangedAt + 1);
        return await store.SetPasswordHashAsync(username, Hasher.HashPassword(account, password), now, cancellationToken);
    }

    /// <summary>LockedOut: this failure locked the account; Locked: it was locked already.</summary>
    public enum SignInOutcome { Succeeded, Failed, LockedOut, Locked, Inactive }

    /// <summary>
    /// Checks a password. Five failures within 15 minutes lock the account for 15 minutes; while locked, even the
    /// right password fails. Unknown users fail like wrong passwords (no user enumeration).
    /// </summary>
    public async Task<(SignInOutcome Outcome, UserAccount? Account)> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(username, cancellationToken);
        if (account is null)
        {
            // Spend the time of a hash check anyway, so that response times do not tell which usernames exist.
            Hasher.VerifyHashedPassword(new UserAccount { Username = username, DisplayName = "" }, DummyHash, password);
            return (SignInOutcome.Failed, null);
        }

        var now = clock.UtcNow.ToUnixTimeMilliseconds();
        if (account.LockedUntil is { } lockedUntil && lockedUntil > now) return (SignInOutcome.Locked, account);

        var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            if (!account.Active) return (SignInOutcome.Inactive, account);
            await store.RecordSignInAsync(username, now, cancellationToken);
            return (SignInOutcome.Succeeded, account);
        }

        var windowStart = now - (long)FailureWindow.TotalMilliseconds;
        var firstFailed = account.FirstFailedAt is { } first && first >= windowStart ? first : now;
        var failures = account.FirstFailedAt is { } f && f >= windowStart ? account.FailedCount + 1 : 1;
        long? locked = failures >= MaxFailedAttempts ? now + (long)LockoutDuration.TotalMilliseconds : null;
        await store.RecordFailuresAsync(username, locked is null ? failures : 0, locked is null ? firstFailed : null, locked, cancellationToken);
        return (locked is null ? SignInOutcome.Failed : SignInOutcome.LockedOut, account);
    }

    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount { Username = "-", DisplayName = "" }, Guid.NewGuid().ToString());
}
