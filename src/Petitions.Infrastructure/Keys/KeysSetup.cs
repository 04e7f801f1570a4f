using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Application.Common.Security;
using Petitions.Infrastructure.Accounts;
using Petitions.Infrastructure.Storage;

namespace Petitions.Infrastructure.Keys;

public static class KeysSetup
{
    /// <summary>The application name of the Data Protection ring: every silo (whatever its install path) shares it. Never change.</summary>
    public const string ApplicationName = "Petitions";

    /// <summary>
    /// The key directory, the identity sealer and its ring, the stored-state serializer, the secrets, and ASP.NET Core
    /// Data Protection (cookies, antiforgery) on a ring in the same directory, so every silo accepts the others' cookies.
    /// </summary>
    public static IServiceCollection AddPetitionsKeys(this IServiceCollection services, StorageOptions storage)
    {
        var keys = new KeyDirectory(storage.ResolvedKeyDirectory);
        services.AddSingleton(keys);
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new OwnerOnlyXmlRepository(keys));
        // Key creation dates are real time (like token lifetimes), whatever the application's clock says.
        services.AddSingleton(_ => new IdentitySealer(keys, TimeProvider.System));
        services.AddSingleton<GrainStateJsonSerializer>();
        services.AddSingleton<SecretTable>();
        services.AddSingleton<KeyRing>();
        services.AddSingleton<ISecretKeys>(sp => sp.GetRequiredService<KeyRing>());
        services.AddSingleton<IIdentityKeyRing>(sp => sp.GetRequiredService<KeyRing>());
        return services;
    }
}
