using Petitions.Contracts.Numbers;

namespace Petitions.Grains.Tests.Numbers;

public sealed class CaseNumberGrainTests : IAsyncLifetime
{
    private readonly GrainCluster cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Numbers_are_unique_and_continue_after_a_restart_without_one_write_per_number()
    {
        var grain = cluster.Grains.GetGrain<ICaseNumberGrain>(2026);
        var first = await Task.WhenAll(Enumerable.Range(0, 250).Select(_ => grain.Next()));
        Assert.Equal(250, first.Distinct().Count());
        Assert.Equal(1, first.Min());

        // 250 numbers from blocks of 100: three block reservations, i.e. three storage writes (version 3).
        Assert.Equal(3, await cluster.Scalar<long>("SELECT Version FROM OrleansStorage WHERE GrainTypeString = 'numbers' AND GrainIdN1 = 2026"));

        await cluster.RestartAsync();
        var after = await cluster.Grains.GetGrain<ICaseNumberGrain>(2026).Next();
        Assert.True(after > first.Max(), $"{after} must follow {first.Max()}");
    }

    [Fact]
    public async Task Years_have_their_own_sequences()
    {
        var a = await cluster.Grains.GetGrain<ICaseNumberGrain>(2024).Next();
        var b = await cluster.Grains.GetGrain<ICaseNumberGrain>(2025).Next();
        Assert.Equal(1, a);
        Assert.Equal(1, b);
    }

    [Fact]
    public async Task A_registration_key_reserves_one_number_however_often_and_concurrently_it_is_asked()
    {
        var key = cluster.Grains.GetGrain<IRegistrationKeyGrain>($"idem|intake|{Guid.NewGuid()}");
        var numbers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => key.Reserve(2026)));
        Assert.Single(numbers.Distinct());
        Assert.Matches(@"^XF2026\d{6}$", numbers[0]);

        await cluster.RestartAsync();
        Assert.Equal(numbers[0], await cluster.Grains.GetGrain<IRegistrationKeyGrain>(key.GetPrimaryKeyString()).Reserve(2026));
    }
}
