using Petitions.Demo;

namespace Petitions.Host.Tests.Features.Demo;

/// <summary>The plan's ranked set against a sorted list doing the same random additions and removals.</summary>
public sealed class RankedSetTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 2)]
    [InlineData(1024, 3)]
    [InlineData(1500, 4)]
    public void Ranks_and_counts_agree_with_a_sorted_list_under_random_changes(int size, int seed)
    {
        var random = new Random(seed);
        var set = new RankedSet(size);
        var list = new SortedSet<int>();
        for (var step = 0; step < size * 4; step++)
        {
            var position = random.Next(size);
            if (random.Next(3) == 0)
            {
                set.Remove(position);
                list.Remove(position);
            }
            else
            {
                set.Add(position);
                list.Add(position);
            }

            Assert.Equal(list.Count, set.Count);
            Assert.Equal(list.Contains(position), set.Contains(position));
            var probe = random.Next(size + 1);
            Assert.Equal(list.Count(p => p < probe), set.CountBelow(probe));
            if (list.Count > 0)
            {
                var rank = random.Next(list.Count);
                Assert.Equal(list.ElementAt(rank), set.ElementAt(rank));
            }
        }

        Assert.Equal(list, Enumerable.Range(0, set.Count).Select(set.ElementAt));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.ElementAt(set.Count));
    }
}
