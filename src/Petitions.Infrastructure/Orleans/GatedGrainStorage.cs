using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Orleans;

/// <summary>
/// The ADO.NET grain storage on SQLite (still the provider: it reads, writes and clears, with its own queries and
/// versions) with its writes made inside the file's <see cref="SqliteGroupCommit"/>: a grain waiting for the file waits
/// without a thread, and concurrent writes share one commit (the provider's connection comes from
/// <see cref="GroupCommitDataSource"/>). Reads need neither (WAL: readers never wait for the writer).
/// </summary>
public sealed class GatedGrainStorage(IGrainStorage inner, SqliteGroupCommit commit) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        commit.RunAsync((_, _) => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        commit.RunAsync((_, _) => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Replaces the keyed registration of the named storage with the group-committed one around it.</summary>
    public static void Decorate(IServiceCollection services, string name, string connectionString)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
        var factory = original.KeyedImplementationFactory ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory.");
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new GatedGrainStorage((IGrainStorage)factory(sp, key), SqliteGroupCommit.For(connectionString)));
    }
}
