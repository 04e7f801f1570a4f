using Dapper;
using Petitions.Application.Features.Lists;
using Petitions.Contracts.ReadModel;

namespace Petitions.Infrastructure.Lists;

/// <summary>The saved_filters table.</summary>
public sealed class SavedFilterStore(IDatabase database) : ISavedFilterStore
{
    private sealed record Row(long Id, string Page, string Name, string Query, long CreatedAt)
    {
        public SavedFilterView ToView() => new(Id, Page, Name, Query, SqlTime.FromMs(CreatedAt));
    }

    private const string Columns = "id AS Id, page AS Page, name AS Name, query AS Query, created_at AS CreatedAt";

    public async Task<IReadOnlyList<SavedFilterView>> ListAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM saved_filters WHERE username = @username ORDER BY page, name, id",
            new { username }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToView()).ToList();
    }

    public async Task<SavedFilterView> SaveAsync(string username, string page, string name, string query, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO saved_filters (username, page, name, query, created_at) VALUES (@username, @page, @name, @query, @at)
            ON CONFLICT (username, page, name) DO UPDATE SET query = excluded.query, created_at = excluded.created_at
            RETURNING {Columns}
            """,
            new { username, page, name, query, at = SqlTime.ToMs(at) }, cancellationToken: cancellationToken));
        return row.ToView();
    }

    public async Task<bool> DeleteAsync(string username, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM saved_filters WHERE username = @username AND id = @id",
            new { username, id }, cancellationToken: cancellationToken)) > 0;
    }
}
