using Dapper;
using Microsoft.Data.Sqlite;
using Petitions.Host.Tests.Infrastructure;
using Petitions.Infrastructure.Storage;

namespace Petitions.Host.Tests.Features.Petitions;

/// <summary>
/// A database from before schema 0021 (case_unit without the case's status and received time): the migration gives
/// the units of the cases already there their case's values, so a unit-and-status list finds them at once.
/// </summary>
public sealed class CaseUnitStatusMigrationTests
{
    [Fact]
    public async Task Schema_0021_gives_the_units_of_existing_cases_their_case_status_and_received_time()
    {
        var path = Path.Combine(Path.GetTempPath(), "petitions-tests", Guid.NewGuid().ToString("N"), "petitions.db");
        string inProgress, assigned;
        await using (var first = new PetitionsHost(Profile.Sqlite, path))
        {
            var cases = new CaseDriver(first);
            var round = await cases.NewRound(null, 1);
            inProgress = await cases.InProgress(new CaseSpec { Round = round }, "654000");
            assigned = await cases.Assigned(new CaseSpec { Round = round }, "BT03", ["654000"]);
        }

        // Back to schema 0020: case_unit as it was, and no record of 0021.
        await using (var connection = new SqliteConnection(SqliteDatabase.ConnectionStringFor(path)))
        {
            await connection.ExecuteAsync(
                """
                DROP INDEX ix_case_unit_unit;
                ALTER TABLE case_unit DROP COLUMN status;
                ALTER TABLE case_unit DROP COLUMN received_at;
                CREATE INDEX ix_case_unit_unit ON case_unit (unit_code, case_no);
                DELETE FROM schema_version WHERE version >= 21;
                """);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pragma_table_info('case_unit') WHERE name = 'status'"));
        }

        await using var second = new PetitionsHost(Profile.Sqlite, path);
        Assert.Equal(0, await second.Scalar<long>(
            "SELECT COUNT(*) FROM case_unit cu JOIN case_index ci ON ci.case_no = cu.case_no WHERE cu.status <> ci.status OR cu.received_at <> ci.received_at"));
        Assert.Equal(3, await second.Scalar<long>("SELECT COUNT(*) FROM case_unit WHERE case_no IN (@inProgress, @assigned)", new { inProgress, assigned }));
        var supervisor = await second.ClientFor("supervisor");
        Assert.Equal([inProgress], (await supervisor.GetJson("/api/petitions?unit=654000&status=InProgress&pageSize=200")).CaseNos());
        Assert.Equal([assigned], (await supervisor.GetJson("/api/petitions?unit=654000&status=Assigned&pageSize=200")).CaseNos());
    }
}
