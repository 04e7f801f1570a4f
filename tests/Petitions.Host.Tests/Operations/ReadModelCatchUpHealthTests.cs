using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Petitions.Contracts.ReadModel;
using Petitions.Host.Tests.Infrastructure;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// After a crash the host answers HTTP at once and catches up its read model behind: GET /health says "Degraded"
/// (read model "catching up") until the catch-up is done, then "Healthy". The catch-up is held at a gate here, so
/// the test sees both states whatever the machine's speed (no timing is asserted).
/// </summary>
public sealed class ReadModelCatchUpHealthTests(ReadModelCatchUpHealthTests.GatedHost host) : IClassFixture<ReadModelCatchUpHealthTests.GatedHost>
{
    public sealed class GatedHost() : PetitionsHost(Profile.Sqlite)
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Single(d => d.ServiceType == typeof(IReadModelRecount));
                services.Remove(inner);
                services.AddSingleton<IReadModelRecount>(sp => new GatedRecount(
                    (IReadModelRecount)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)), Gate.Task));
            });
        }
    }

    /// <summary>The first search for stale cases (the start-up catch-up's) waits at the gate.</summary>
    private sealed class GatedRecount(IReadModelRecount inner, Task gate) : IReadModelRecount
    {
        public Task<RecountReport> RebuildAsync(CancellationToken cancellationToken = default) => inner.RebuildAsync(cancellationToken);

        public async Task<IReadOnlyList<string>> FindStaleAsync(CancellationToken cancellationToken = default)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.FindStaleAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task Health_reports_degraded_while_the_read_model_catches_up_and_healthy_once_it_is_done()
    {
        var anonymous = host.CreateClient();
        var during = await anonymous.GetJson("/health");
        Assert.Equal("Degraded", during["status"]!.GetValue<string>());
        Assert.Equal("catching up", during["readModel"]!.GetValue<string>());

        // The host serves meanwhile: sign-in and a statistics query answer.
        var supervisor = await host.ClientFor("supervisor");
        await supervisor.GetJson("/api/stats/completion");

        host.Gate.SetResult();
        string status;
        var attempts = 0;
        do
        {
            await Task.Delay(50);
            status = (await anonymous.GetJson("/health"))["status"]!.GetValue<string>();
        }
        while (status == "Degraded" && ++attempts < 2400);

        Assert.Equal("Healthy", status);
        Assert.Equal("current", (await anonymous.GetJson("/health"))["readModel"]!.GetValue<string>());
    }
}
