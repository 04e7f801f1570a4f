using Dapper;
using Microsoft.AspNetCore.Identity;
using Petitions.Contracts.ReadModel;
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

    public IReadOnlyList<string> RoleList => Split(Roles);
    public IReadOnlyList<string> UnitList => Split(Units);

    public CurrentUser ToCurrentUser() => new(Username, DisplayName, RoleList, UnitList, AllUnits, Language);

    public static string Join(IEnumerable<string> values) => string.Join(',', values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct());

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The account store (users table) with password hashing and the lockout rule.</summary>
public sealed class UserAccounts(IDatabase database, IClock clock)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<UserAccount> Hasher = new();

    private const string Columns =
        """
        username AS Username, display_name AS DisplayName, password_hash AS PasswordHash, roles AS Roles, units AS Units,
        all_units AS AllUnits, active AS Active, failed_count AS FailedCount, first_failed_at AS FirstFailedAt,
        locked_until AS LockedUntil, language AS Language, created_at AS CreatedAt, updated_at AS UpdatedAt,
        password_changed_at AS PasswordChangedAt
        """;

    public async Task<UserAccount?> FindAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE username = @username", new { username }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users ORDER BY username", cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT 1 FROM users LIMIT 1", cancellationToken: cancellationToken)) is not null;
    }

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
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (username, display_name, password_hash, roles, units, all_units, active, failed_count,
                               language, created_at, updated_at, password_changed_at)
            VALUES (@Username, @DisplayName, @PasswordHash, @Roles, @Units, @AllUnitsFlag, @ActiveFlag, 0,
                    @Language, @CreatedAt, @UpdatedAt, @PasswordChangedAt)
            ON CONFLICT (username) DO NOTHING
            """,
            new
            {
                stored.Username, stored.DisplayName, stored.PasswordHash, stored.Roles, stored.Units,
                AllUnitsFlag = stored.AllUnits ? 1 : 0, ActiveFlag = stored.Active ? 1 : 0, stored.Language,
                stored.CreatedAt, stored.UpdatedAt, stored.PasswordChangedAt,
            }, cancellationToken: cancellationToken));
        return inserted > 0;
    }

    public async Task<bool> UpdateProfileAsync(string username, string displayName, string roles, string units, bool allUnits, bool active, string? language, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET display_name = @displayName, roles = @roles, units = @units, all_units = @allUnits,
                             active = @active, language = @language, updated_at = @now
            WHERE username = @username
            """,
            new { username, displayName, roles, units, allUnits = allUnits ? 1 : 0, active = active ? 1 : 0, language, now = clock.UtcNow.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The user's own choice of interface language; nothing else of the account changes.</summary>
    public async Task<bool> SetLanguageAsync(string username, string language, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET language = @language, updated_at = @now WHERE username = @username",
            new { username, language, now = clock.UtcNow.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Sets a new password, clears any lockout and invalidates tokens issued before (their stamp changes).</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(username, cancellationToken);
        if (account is null) return false;
        // Tokens carry the stamp in whole milliseconds; make sure a reset inside the same millisecond still changes it.
        var now = Math.Max(clock.UtcNow.ToUnixTimeMilliseconds(), account.PasswordChangedAt + 1);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET password_hash = @hash, password_changed_at = @now, updated_at = @now,
                             failed_count = 0, first_failed_at = NULL, locked_until = NULL
            WHERE username = @username
            """,
            new { username, hash = Hasher.HashPassword(account, password), now }, cancellationToken: cancellationToken)) > 0;
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
            await ResetFailuresAsync(username, cancellationToken);
            return (SignInOutcome.Succeeded, account);
        }

        var windowStart = now - (long)FailureWindow.TotalMilliseconds;
        var firstFailed = account.FirstFailedAt is { } first && first >= windowStart ? first : now;
        var failures = account.FirstFailedAt is { } f && f >= windowStart ? account.FailedCount + 1 : 1;
        long? locked = failures >= MaxFailedAttempts ? now + (long)LockoutDuration.TotalMilliseconds : null;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = @failures, first_failed_at = @firstFailed, locked_until = @locked WHERE username = @username",
            new { username, failures = locked is null ? failures : 0, firstFailed = locked is null ? firstFailed : (long?)null, locked },
            cancellationToken: cancellationToken));
        return (locked is null ? SignInOutcome.Failed : SignInOutcome.LockedOut, account);
    }

    private async Task ResetFailuresAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = 0, first_failed_at = NULL, locked_until = NULL WHERE username = @username AND (failed_count <> 0 OR locked_until IS NOT NULL)",
            new { username }, cancellationToken: cancellationToken));
    }

    private static readonly string DummyHash = Hasher.HashPassword(new UserAccount { Username = "-", DisplayName = "" }, Guid.NewGuid().ToString());
}
