using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.TestingHost;
using Petitions.Contracts.ReadModel;
using Petitions.Domain.Common;
using Petitions.Infrastructure;
using Petitions.Infrastructure.Orleans;
using Petitions.Infrastructure.Schema;
using Petitions.Infrastructure.Storage;

namespace Petitions.Grains.Tests;

/// <summary>
/// An in-process Orleans test cluster whose grains persist to a real SQLite file (the embedded profile's storage,
/// schema and read-model projection), so grain tests see what production sees. Restartable on the same file.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    private readonly string serviceId = Guid.NewGuid().ToString("N");
    private InProcessTestCluster? cluster;

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "petitions-grain-tests", Guid.NewGuid().ToString("N"), "grains.db");

    public StorageOptions Storage => new() { Profile = StorageProfile.Embedded, SqlitePath = DatabasePath };

    public IDatabase Database { get; private set; } = null!;

    public IGrainFactory Grains => cluster!.Client;

    public async Task InitializeAsync()
    {
        Database = new SqliteDatabase(DatabasePath);
        await new SchemaMigrator(Database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await StartAsync();
    }

    public async Task RestartAsync()
    {
        await cluster!.StopAllSilosAsync();
        await cluster.DisposeAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        // Grain state rows belong to a service: a restarted cluster must be the same service to find them.
        builder.Options.ServiceId = serviceId;
        var storage = Storage;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddPetitionsGrainStorage(storage, DependencyInjection.ConnectionString(storage));
            silo.Services.AddPetitionsInfrastructure(storage);
            silo.Services.AddSingleton<IClock, SystemClock>();
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(s => s.AddJsonSerializer(
            isSupported: t => t.Namespace?.StartsWith("Petitions.Domain", StringComparison.Ordinal) == true,
            jsonSerializerOptions: PetitionsJson.Options)));
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task<T> Scalar<T>(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
