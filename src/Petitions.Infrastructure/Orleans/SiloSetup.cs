using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Petitions.Contracts;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Orleans;

/// <summary>The one place where the storage profile decides clustering and grain storage.</summary>
public static class SiloSetup
{
    public static ISiloBuilder UsePetitionsStorage(this ISiloBuilder silo, StorageOptions storage, ClusterSettings cluster, string connectionString)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        // Bounded memory: idle grains are collected, and shed early when the machine runs short (ClusterSettings).
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(cluster.CollectionAgeMinutes);
            o.CollectionQuantum = TimeSpan.FromSeconds(cluster.CollectionQuantumSeconds);
            o.EnableActivationSheddingOnMemoryPressure = true;
            o.MemoryUsageLimitPercentage = cluster.MemoryLimitPercent;
            o.MemoryUsageTargetPercentage = cluster.MemoryTargetPercent;
        });

        silo.Configure<SchedulingOptions>(o => o.TurnWarningLengthThreshold = TimeSpan.FromMilliseconds(cluster.TurnWarningMilliseconds));

        if (storage.Profile == StorageProfile.Postgres)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = storage.Invariant;
                o.ConnectionString = connectionString;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIp), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            // A killed silo is declared dead after a few seconds (Orleans' defaults take about half a minute); with two
            // silos the survivor's one vote suffices. Until then, calls to the cases it held fail with 503.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(cluster.ProbeTimeoutSeconds);
                o.NumMissedProbesLimit = cluster.MissedProbesLimit;
            });
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        return silo.AddPetitionsGrainStorage(storage, connectionString);
    }

    /// <summary>Grain storage and serialization without clustering (test clusters bring their own membership).</summary>
    public static ISiloBuilder AddPetitionsGrainStorage(this ISiloBuilder silo, StorageOptions storage, string connectionString)
    {
        // The serializer seals complainant identities with the key directory's ring (registered by AddPetitionsKeys).
        silo.AddAdoNetGrainStorage(StorageNames.Petitions, options => options.Configure<GrainStateJsonSerializer>((o, serializer) =>
        {
            o.Invariant = storage.Invariant;
            // SQLite: connections through the group commit's data source, so writes can share a commit (GatedGrainStorage).
            if (storage.Profile == StorageProfile.Postgres) o.ConnectionString = connectionString;
            else o.DataSource = new GroupCommitDataSource(connectionString);
            o.GrainStorageSerializer = serializer;
        }));
        if (storage.Profile != StorageProfile.Postgres)
        {
            GatedGrainStorage.Decorate(silo.Services, StorageNames.Petitions, connectionString);
        }

        // Domain types (commands, case state) cross silos as JSON: the domain stays free of Orleans attributes.
        silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("Petitions.Domain", StringComparison.Ordinal) == true,
            jsonSerializerOptions: PetitionsJson.Options));
        return silo;
    }

    public static StorageOptions ReadStorageOptions(this IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection("Storage").Bind(options);
        options.SqlitePath = configuration["Storage:Sqlite:Path"] ?? options.SqlitePath;
        options.SqliteSynchronous = configuration.GetValue("Storage:Sqlite:Synchronous", options.SqliteSynchronous);
        options.PostgresConnectionString = configuration.GetConnectionString("Postgres") ?? options.PostgresConnectionString;
        options.KeyDirectory = configuration["Keys:Directory"] ?? options.KeyDirectory;
        options.KeyRotationCooldown = TimeSpan.FromSeconds(configuration.GetValue("Keys:RotationCooldownSeconds", options.KeyRotationCooldown.TotalSeconds));
        return options;
    }

    public static ClusterSettings ReadClusterSettings(this IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        configuration.GetSection("Orleans").Bind(settings);
        return settings;
    }
}
