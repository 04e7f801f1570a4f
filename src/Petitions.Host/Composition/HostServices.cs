using Petitions.Application.Common.Security;
using Petitions.Host.Security;

namespace Petitions.Host.Composition;

public static class HostServices
{
    /// <summary>What only the web host knows: who calls (a bearer token or the Blazor circuit's cookie), and its tokens and first accounts.</summary>
    public static IServiceCollection AddPetitionsHost(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CompositeCurrentUserAccessor>();
        services.AddScoped<ICurrentUserAccessor>(sp => sp.GetRequiredService<CompositeCurrentUserAccessor>());
        services.AddScoped<IRequestOrigin>(sp => sp.GetRequiredService<CompositeCurrentUserAccessor>());
        services.AddSingleton<JwtTokens>();
        services.AddSingleton<ITokenIssuer>(sp => sp.GetRequiredService<JwtTokens>());
        services.AddSingleton<AccountBootstrapper>();
        return services;
    }
}
