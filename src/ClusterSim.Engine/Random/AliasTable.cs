namespace ClusterSim.Engine.Random;

/// <summary>
/// Samples an index with probability proportional to given weights in O(1) time (Walker's alias method,
/// built with Vose's numerically stable O(n) construction).
/// </summary>
public sealed class AliasTable
{
    private readonly double[] _keep;
    private readonly int[] _alias;

    /// <summary>A table for non-negative <paramref name="weights"/> (need not sum to 1; at least one positive).</summary>
    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        ArgumentOutOfRangeException.ThrowIfZero(n, nameof(weights));
        double total = 0;
        foreach (var w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), w, "Weights must be finite and non-negative.");
            }

            total += w;
        }

        if (!(total > 0))
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        _keep = new double[n];
        _alias = new int[n];
        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            _keep[s] = scaled[s];
            _alias[s] = l;
            // The large column donates what the small one lacks.
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }

        // What is left is 1 up to rounding: keep every draw in its own column.
        while (large.Count > 0)
        {
            var l = large.Pop();
            _keep[l] = 1;
            _alias[l] = l;
        }

        while (small.Count > 0)
        {
            var s = small.Pop();
            _keep[s] = 1;
            _alias[s] = s;
        }

        Count = n;
    }

    /// <summary>How many outcomes.</summary>
    public int Count { get; }

    /// <summary>An index in [0, Count) drawn with probability proportional to its weight.</summary>
    public int Sample(RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var column = random.NextInt(Count);
        return random.NextDouble() < _keep[column] ? column : _alias[column];
    }
}
