using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common.ReadModel;
using Petitions.Application.Common.Rounds;
using Petitions.Application.Common.Security;
using Petitions.Application.Common.Units;
using Petitions.Application.Features.Stats;
using Petitions.Application.Features.Supervision;
using Petitions.Contracts.ReadModel;
using Petitions.Infrastructure.Accounts;
using Petitions.Infrastructure.Keys;
using Petitions.Infrastructure.ReadModel;
using Petitions.Infrastructure.Rounds;
using Petitions.Infrastructure.Schema;
using Petitions.Infrastructure.Storage;
using Petitions.Infrastructure.Supervision;

namespace Petitions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database of the storage profile, the schema migrator, the read model writers and every port the
    /// Application reads and writes its tables through (all SQL of the system lives in this project).
    /// </summary>
    public static IServiceCollection AddPetitionsInfrastructure(this IServiceCollection services, StorageOptions storage, ClusterSettings? cluster = null)
    {
        services.AddSingleton(storage);
        services.AddSingleton(cluster ?? new ClusterSettings());
        services.AddSingleton<IDatabase>(_ => CreateDatabase(storage));
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ICaseProjector, CaseProjector>();
        services.AddSingleton<UnitStatisticsNotifier>();
        services.AddSingleton<IUnitCounterStore, UnitCounterStore>();
        services.AddSingleton<UnitStore>();
        services.AddSingleton<IUnitStore>(sp => sp.GetRequiredService<UnitStore>());
        services.AddSingleton<IUnitCatalog>(sp => sp.GetRequiredService<UnitStore>());
        services.AddSingleton<IRepeatSearch, RepeatSearch>();
        services.AddSingleton<IReadModelRecount, ReadModelRebuilder>();
        services.AddSingleton<ICaseIndex, CaseIndexQueries>();
        services.AddSingleton<IStatisticsQueries, StatisticsQueries>();
        services.AddSingleton<Petitions.Application.Features.Reviews.IReviewStatisticsQueries, ReviewIndex>();
        services.AddSingleton<IUserAccountStore, UserAccountStore>();
        services.AddSingleton<ISecurityLogStore, SecurityLogStore>();
        services.AddSingleton<IRoundStore, RoundStore>();
        services.AddSingleton<ILookBackReviewStore, LookBackReviewStore>();
        services.AddSingleton<MetaTable>();
        services.AddSingleton<RectificationReadModel>();
        services.AddSingleton<Petitions.Contracts.Rectification.IRectificationProjector>(sp => sp.GetRequiredService<RectificationReadModel>());
        services.AddSingleton<Petitions.Contracts.Rectification.IRectificationReadModel>(sp => sp.GetRequiredService<RectificationReadModel>());
        services.AddSingleton<IRevealLog, RevealLogStore>();
        services.AddSingleton<Petitions.Application.Features.Imports.ISpreadsheetReader, Spreadsheets.SafeSpreadsheetReader>();
        services.AddSingleton<Petitions.Application.Features.Imports.IHandoverImportStore, Handover.HandoverImportStore>();
        services.AddSingleton<Petitions.Application.Features.Disclosure.IDisclosureStore, Handover.DisclosureStore>();
        services.AddSingleton<Petitions.Application.Features.Imports.History.IHistoryImportStore, Petitions.Infrastructure.Imports.HistoryImportStore>();
        services.AddSingleton<Petitions.Application.Features.Lists.ISavedFilterStore, Lists.SavedFilterStore>();
        services.AddPetitionsKeys(storage);
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
