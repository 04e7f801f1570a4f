using Dapper;
using Petitions.Application.Common.Security;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Accounts;

/// <summary>The users table, mapped onto <see cref="UserAccount"/> (its columns, one to one).</summary>
public sealed class UserAccountStore(IDatabase database) : IUserAccountStore
{
    private const string Columns =
        """
        username AS Username, display_name AS DisplayName, password_hash AS PasswordHash, roles AS Roles, units AS Units,
        all_units AS AllUnits, active AS Active, failed_count AS FailedCount, first_failed_at AS FirstFailedAt,
        locked_until AS LockedUntil, language AS Language, created_at AS CreatedAt, updated_at AS UpdatedAt,
        password_changed_at AS PasswordChangedAt, last_sign_in_at AS LastSignInAt
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

    public async Task<bool> InsertAsync(UserAccount account, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (username, display_name, password_hash, roles, units, all_units, active, failed_count,
                               language, created_at, updated_at, password_changed_at)
            VALUES (@Username, @DisplayName, @PasswordHash, @Roles, @Units, @AllUnitsFlag, @ActiveFlag, 0,
                    @Language, @CreatedAt, @UpdatedAt, @PasswordChangedAt)
            ON CONFLICT (username) DO NOTHING
            """,
            new
            {
                account.Username, account.DisplayName, account.PasswordHash, account.Roles, account.Units,
                AllUnitsFlag = account.AllUnits ? 1 : 0, ActiveFlag = account.Active ? 1 : 0, account.Language,
                account.CreatedAt, account.UpdatedAt, account.PasswordChangedAt,
            }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> UpdateProfileAsync(string username, string displayName, string roles, string units, bool allUnits, bool active, string? language, long now,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET display_name = @displayName, roles = @roles, units = @units, all_units = @allUnits,
                             active = @active, language = @language, updated_at = @now
            WHERE username = @username
            """,
            new { username, displayName, roles, units, allUnits = allUnits ? 1 : 0, active = active ? 1 : 0, language, now },
            cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> SetLanguageAsync(string username, string language, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET language = @language, updated_at = @now WHERE username = @username",
            new { username, language, now }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> SetPasswordHashAsync(string username, string passwordHash, long changedAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET password_hash = @hash, password_changed_at = @now, updated_at = @now,
                             failed_count = 0, first_failed_at = NULL, locked_until = NULL
            WHERE username = @username
            """,
            new { username, hash = passwordHash, now = changedAt }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task RecordFailuresAsync(string username, int failedCount, long? firstFailedAt, long? lockedUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = @failedCount, first_failed_at = @firstFailedAt, locked_until = @lockedUntil WHERE username = @username",
            new { username, failedCount, firstFailedAt, lockedUntil }, cancellationToken: cancellationToken));
    }

    public async Task RecordSignInAsync(string username, long at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_count = 0, first_failed_at = NULL, locked_until = NULL, last_sign_in_at = @at WHERE username = @username",
            new { username, at }, cancellationToken: cancellationToken));
    }
}
