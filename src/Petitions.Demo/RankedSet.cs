namespace Petitions.Demo;

/// <summary>
/// A set of the positions 0 … size-1 that answers "how many members below p" and "the k-th member in order" in
/// O(log size) (a Fenwick tree over presence bits), so the plan can pick the k-th of a shrinking list without copying it.
/// </summary>
internal sealed class RankedSet
{
    private readonly int[] tree;
    private readonly bool[] present;
    private readonly int highestStep;

    public RankedSet(int size)
    {
        tree = new int[size + 1];
        present = new bool[size];
        highestStep = size == 0 ? 0 : 1 << (31 - int.LeadingZeroCount(size));
    }

    public int Count { get; private set; }

    public bool Contains(int position) => present[position];

    public void Add(int position)
    {
        if (present[position]) return;
        present[position] = true;
        Count++;
        Update(position, 1);
    }

    public void Remove(int position)
    {
        if (!present[position]) return;
        present[position] = false;
        Count--;
        Update(position, -1);
    }

    /// <summary>How many members are smaller than <paramref name="position"/>.</summary>
    public int CountBelow(int position)
    {
        var sum = 0;
        for (var i = position; i > 0; i -= i & -i) sum += tree[i];
        return sum;
    }

    /// <summary>The member with <paramref name="rank"/> smaller members (0 is the smallest).</summary>
    public int ElementAt(int rank)
    {
        if (rank < 0 || rank >= Count) throw new ArgumentOutOfRangeException(nameof(rank));
        var position = 0;
        var remaining = rank + 1;
        for (var step = highestStep; step > 0; step >>= 1)
        {
            if (position + step < tree.Length && tree[position + step] < remaining)
            {
                position += step;
                remaining -= tree[position];
            }
        }

        return position;
    }

    private void Update(int position, int delta)
    {
        for (var i = position + 1; i < tree.Length; i += i & -i) tree[i] += delta;
    }
}
