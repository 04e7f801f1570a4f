namespace Petitions.Infrastructure.Storage;

public enum StorageProfile
{
    /// <summary>Zero set-up: one SQLite file, Orleans localhost clustering. One host process per file.</summary>
    Embedded,
    /// <summary>PostgreSQL for grain state, clustering and the read model: any number of silos.</summary>
    Postgres,
}

/// <summary>Configuration section "Storage" (and ConnectionStrings:Postgres).</summary>
public sealed class StorageOptions
{
    public StorageProfile Profile { get; set; } = StorageProfile.Embedded;
    public string SqlitePath { get; set; } = Path.Combine("data", "petitions.db");
    /// <summary>
    /// Storage:Sqlite:Synchronous for grain state and primary data — Full (default: an acknowledged write survives a
    /// power cut) or Normal (survives a killed process; faster). The read model always commits without a flush.
    /// </summary>
    public SqliteSynchronousMode SqliteSynchronous { get; set; } = SqliteSynchronousMode.Full;
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Keys:Directory — the key directory (identity key ring, token signing key, hash keys): never inside the database.
    /// Default: a "keys" folder beside the SQLite file (the same disk, not the same file: back it up separately).
    /// </summary>
    public string? KeyDirectory { get; set; }

    /// <summary>Keys:RotationCooldownSeconds — a rotation is refused (409) while the key in force is younger (other silos re-read the ring every 30 s).</summary>
    public TimeSpan KeyRotationCooldown { get; set; } = TimeSpan.FromSeconds(60);

    public string ResolvedKeyDirectory => !string.IsNullOrWhiteSpace(KeyDirectory)
        ? KeyDirectory
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SqlitePath)) ?? ".", "keys");

    /// <summary>The Orleans ADO.NET invariant; "System.Data.SQLite" is served by Microsoft.Data.Sqlite.</summary>
    public string Invariant => Profile == StorageProfile.Postgres ? "Npgsql" : "System.Data.SQLite";
}

/// <summary>Configuration section "Orleans": cluster identity and ports, so several processes form one cluster.</summary>
public sealed class ClusterSettings
{
    public string ClusterId { get; set; } = "petitions";
    public string ServiceId { get; set; } = "petitions";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a silo that stopped answering is probed before the cluster declares it dead and moves its cases to the
    /// others: probes every ProbeTimeoutSeconds, dead after MissedProbesLimit missed ones (README "Operations").
    /// </summary>
    public int ProbeTimeoutSeconds { get; set; } = 2;
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// A case (or unit, or task) grain idle this long leaves memory (Orleans activation collection, checked every
    /// CollectionQuantumSeconds); its state stays in storage and the next call activates it again. Under memory
    /// pressure (the process above MemoryLimitPercent of the machine's memory) Orleans sheds idle activations early,
    /// down to MemoryTargetPercent.
    /// </summary>
    public int CollectionAgeMinutes { get; set; } = 10;
    public int CollectionQuantumSeconds { get; set; } = 60;
    public int MemoryLimitPercent { get; set; } = 80;
    public int MemoryTargetPercent { get; set; } = 60;

    /// <summary>A grain turn longer than this is logged as a warning by Orleans (its default, 1 s; the benchmarks use 100 ms).</summary>
    public int TurnWarningMilliseconds { get; set; } = 1000;
}
