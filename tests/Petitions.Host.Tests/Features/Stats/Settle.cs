namespace Petitions.Host.Tests.Features.Stats;

/// <summary>
/// For answers that follow a one-way notice (a unit grain told after a commit that its counters changed): the notice
/// may still be on its way when the next call arrives, so the test reads again for a bounded time. A notice that never
/// arrives still fails the test.
/// </summary>
internal static class Settle
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Reads until <paramref name="done"/> holds for the answer or <see cref="Limit"/> passed; returns the last answer.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var answer = await read();
            if (done(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(50);
        }
    }
}
