using Petitions.Application.Features.Demo;

namespace Petitions.Demo;

public static class DemoServices
{
    /// <summary>The demo data set (loaded once the host has started, when Demo:Enabled) and the load generator (Load:Cases).</summary>
    public static IServiceCollection AddPetitionsDemo(this IServiceCollection services)
    {
        services.AddSingleton<DemoLoader>();
        services.AddSingleton<DemoLedger>();
        services.AddSingleton<DemoData>();
        services.AddSingleton<IDemoProgress>(sp => sp.GetRequiredService<DemoData>());
        services.AddHostedService<DemoDataService>();
        services.AddHostedService<LoadGenerator>();
        return services;
    }
}
