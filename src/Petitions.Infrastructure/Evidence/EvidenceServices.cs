using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Features.Evidence;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Evidence;

public static class EvidenceServices
{
    /// <summary>
    /// The evidence limits (section "Evidence") and the store of the storage profile: files under the data folder for
    /// the embedded profile (Evidence:Path, default "evidence" beside the database file), the database for PostgreSQL;
    /// either way sealed at rest under the key ring (<see cref="SealedEvidenceStore"/>).
    /// </summary>
    public static IServiceCollection AddPetitionsEvidence(this IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        var options = configuration.GetSection("Evidence").Get<EvidenceOptions>() ?? new EvidenceOptions();
        services.AddSingleton(options);
        services.AddSingleton<IThumbnailRenderer, SkiaThumbnailRenderer>();
        services.AddSingleton<ThumbnailCache>();
        if (storage.Profile == StorageProfile.Postgres)
        {
            services.AddSingleton<IEvidenceBlobStore, DatabaseEvidenceStore>();
        }
        else
        {
            var folder = options.Path ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath))!, "evidence");
            services.AddSingleton<IEvidenceBlobStore>(_ => new FileEvidenceStore(folder));
        }

        // Every caller goes through the sealing decorator: the blobs are encrypted at rest under the key ring.
        services.AddSingleton<SealedEvidenceStore>();
        services.AddSingleton<IEvidenceStore>(sp => sp.GetRequiredService<SealedEvidenceStore>());
        services.AddSingleton<IEvidenceResealer>(sp => sp.GetRequiredService<SealedEvidenceStore>());

        return services;
    }
}
