using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Infrastructure.ReadModel;
using Petitions.Infrastructure.Schema;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Registers the database of the storage profile, the schema migrator and the read model writers.</summary>
    public static IServiceCollection AddPetitionsInfrastructure(this IServiceCollection services, StorageOptions storage, ClusterSettings? cluster = null)
    {
        services.AddSingleton(storage);
        services.AddSingleton(cluster ?? new ClusterSettings());
        services.AddSingleton<IDatabase>(_ => CreateDatabase(storage));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ICaseProjector, CaseProjector>();
        services.AddSingleton<IUnitStore, UnitStore>();
        services.AddSingleton<IReadModelRecount, ReadModelRebuilder>();
        services.AddSingleton<IRevealLog, RevealLogStore>();
        return services;
    }

    public static IDatabase CreateDatabase(StorageOptions storage) => storage.Profile switch
    {
        StorageProfile.Postgres => new PostgresDatabase(ConnectionString(storage)),
        _ => new SqliteDatabase(Tuned(storage).SqlitePath),
    };

    /// <summary>The connection string Orleans' ADO.NET providers use (the same database as the read model).</summary>
    public static string ConnectionString(StorageOptions storage) => storage.Profile switch
    {
        StorageProfile.Postgres => storage.PostgresConnectionString
                                   ?? throw new InvalidOperationException("Storage:Profile=Postgres needs ConnectionStrings:Postgres."),
        _ => SqliteDatabase.ConnectionStringFor(Tuned(storage).SqlitePath),
    };

    /// <summary>Before the first SQLite connection of the profile (ours or Orleans'): durability and lock waiting (<see cref="SqliteTuning"/>).</summary>
    private static StorageOptions Tuned(StorageOptions storage)
    {
        SqliteTuning.Apply(storage.SqliteSynchronous);
        return storage;
    }
}
