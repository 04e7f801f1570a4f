namespace Petitions.Host.Tests.Infrastructure;

/// <summary>Test hosts on PostgreSQL leave no database behind: the one a host created goes with it; a handed-over one goes with its last owner.</summary>
public sealed class PostgresDatabaseCleanupTests
{
    [Fact]
    public async Task A_postgres_host_drops_the_database_it_created_and_a_handed_over_one_goes_with_the_next_host()
    {
        string location;
        await using (var first = new PetitionsHost(Profile.Postgres))
        {
            await (await first.ClientFor("intake")).GetJson("/api/petitions");
            location = first.HandOverDatabase();
        }

        Assert.True(await PostgresServer.DatabaseExistsAsync(location));
        await using (var second = new PetitionsHost(Profile.Postgres, location) { OwnsDatabase = true })
        {
            await (await second.ClientFor("intake")).GetJson("/api/petitions");
        }

        Assert.False(await PostgresServer.DatabaseExistsAsync(location));

        string created;
        await using (var host = new PetitionsHost(Profile.Postgres))
        {
            created = host.DatabaseLocation;
            await (await host.ClientFor("intake")).GetJson("/api/petitions");
        }

        Assert.False(await PostgresServer.DatabaseExistsAsync(created));
    }
}
