using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Orleans;

/// <summary>
/// The ADO.NET grain storage (still the provider: it reads, writes and clears) with its writes taken through the
/// SQLite file's <see cref="SqliteWriteGate"/>, so that a grain waiting for the file waits without a thread.
/// Reads need no gate (WAL: readers never wait for the writer).
/// </summary>
public sealed class GatedGrainStorage(IGrainStorage inner, SqliteWriteGate gate) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var _ = await gate.EnterAsync();
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        using var _ = await gate.EnterAsync();
        await inner.ClearStateAsync(stateName, grainId, grainState);
    }

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>Replaces the keyed registration of the named storage with the gated one around it.</summary>
    public static void Decorate(IServiceCollection services, string name, string connectionString)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name));
        var factory = original.KeyedImplementationFactory ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered by a factory.");
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new GatedGrainStorage((IGrainStorage)factory(sp, key), SqliteWriteGate.For(connectionString)));
    }
}
