using Petitions.Host.Operations;

namespace Petitions.Host.Tests.Operations;

/// <summary>
/// The idle host collects on its first idle check, then after one, two, four … checks while it stays idle, and never
/// while it allocates; a busy check starts the sequence over.
/// </summary>
public sealed class IdleTrimPolicyTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_idle_host_collects_at_once_then_after_twice_the_wait_each_time_and_a_busy_check_starts_over()
    {
        var policy = new IdleTrimPolicy(Interval);
        var allocated = 0L;
        var collections = new List<int>();
        for (var check = 0; check < 40; check++)
        {
            // Checks 0–1 busy (the first has nothing to compare with), 2–19 idle, 20 busy, 21–39 idle.
            allocated += check is < 2 or 20 ? 500L * 1024 * 1024 : 1024 * 1024;
            if (policy.ShouldTrim(allocated, Start + Interval * check)) collections.Add(check);
        }

        // Idle from check 2: collected at 2, 3 (+1), 5 (+2), 9 (+4), 17 (+8); busy at 20; idle again: 21, 22, 24, 28, 36.
        Assert.Equal([2, 3, 5, 9, 17, 21, 22, 24, 28, 36], collections);
    }

    [Fact]
    public void A_host_that_keeps_allocating_is_never_collected()
    {
        var policy = new IdleTrimPolicy(Interval);
        for (var check = 0; check < 20; check++)
        {
            Assert.False(policy.ShouldTrim((check + 1) * IdleTrimPolicy.IdleAllocationBytes, Start + Interval * check));
        }
    }

    [Fact]
    public void The_wait_between_collections_stops_growing_at_its_cap()
    {
        var policy = new IdleTrimPolicy(Interval);
        var collections = new List<int>();
        for (var check = 0; check < 400; check++)
        {
            if (policy.ShouldTrim(0, Start + Interval * check)) collections.Add(check);
        }

        var gaps = collections.Zip(collections.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(IdleTrimPolicy.MaxChecksBetween, gaps.Max());
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 64, 64], gaps.Take(9));
    }
}
