using Petitions.Domain.Units;

namespace Petitions.Contracts.ReadModel;

/// <summary>The units table: seeded catalog rows are the first state of a unit grain; every change is written back.</summary>
public interface IUnitStore
{
    Task<ResponsibleUnit?> LoadAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Writes the unit's row unless the row already holds a newer version.</summary>
    Task SaveAsync(ResponsibleUnit unit, CancellationToken cancellationToken = default);
}
