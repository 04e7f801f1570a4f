using Dapper;
using Petitions.Application.Common.Units;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Units;

namespace Petitions.Infrastructure.ReadModel;

/// <summary>The units table: one unit for its grain (<see cref="IUnitStore"/>), all of them for the tree (<see cref="IUnitCatalog"/>).</summary>
public sealed class UnitStore(IDatabase database) : IUnitStore, IUnitCatalog
{
    private sealed record Row
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string? ParentCode { get; init; }
        public string Kind { get; init; } = "";
        public int SortOrder { get; init; }
        public int Active { get; init; }
        public string? ContactPerson { get; init; }
        public string? ContactPhone { get; init; }
        public string? ResponsiblePerson { get; init; }
        public int RectificationDays { get; init; }
        public int Version { get; init; }
    }

    private const string Columns =
        """
        code AS Code, name AS Name, parent_code AS ParentCode, kind AS Kind, sort_order AS SortOrder, active AS Active,
        contact_person AS ContactPerson, contact_phone AS ContactPhone, responsible_person AS ResponsiblePerson,
        rectification_days AS RectificationDays, version AS Version
        """;

    public async Task<ResponsibleUnit?> LoadAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM units WHERE code = @code", new { code }, cancellationToken: cancellationToken));
        return row is null ? null : new ResponsibleUnit
        {
            Code = row.Code,
            Name = row.Name,
            ParentCode = row.ParentCode,
            Kind = Enum.TryParse<UnitKind>(row.Kind, out var kind) ? kind : UnitKind.Department,
            SortOrder = row.SortOrder,
            Active = row.Active == 1,
            ContactPerson = row.ContactPerson,
            ContactPhone = row.ContactPhone,
            ResponsiblePerson = row.ResponsiblePerson,
            RectificationDays = row.RectificationDays,
            Version = row.Version,
        };
    }

    public async Task SaveAsync(ResponsibleUnit unit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO units (code, name, parent_code, kind, sort_order, active, contact_person, contact_phone,
                               responsible_person, rectification_days, version, updated_at)
            VALUES (@Code, @Name, @ParentCode, @Kind, @SortOrder, @Active, @ContactPerson, @ContactPhone,
                    @ResponsiblePerson, @RectificationDays, @Version, @UpdatedAt)
            ON CONFLICT (code) DO UPDATE SET
                name = excluded.name, parent_code = excluded.parent_code, kind = excluded.kind,
                sort_order = excluded.sort_order, active = excluded.active, contact_person = excluded.contact_person,
                contact_phone = excluded.contact_phone, responsible_person = excluded.responsible_person,
                rectification_days = excluded.rectification_days, version = excluded.version, updated_at = excluded.updated_at
            WHERE units.version < excluded.version
            """,
            new
            {
                unit.Code, unit.Name, unit.ParentCode, Kind = unit.Kind.ToString(), unit.SortOrder, Active = unit.Active ? 1 : 0,
                unit.ContactPerson, unit.ContactPhone, unit.ResponsiblePerson, unit.RectificationDays, unit.Version,
                UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UnitNode>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM units", cancellationToken: cancellationToken)))
            .Select(r => new UnitNode { Code = r.Code, Name = r.Name, ParentCode = r.ParentCode, Kind = r.Kind, SortOrder = r.SortOrder, Active = r.Active == 1 })
            .ToList();
    }
}
