namespace ClusterSim.Engine.Random;

/// <summary>Few trials per category: Walker's alias method, one 64-bit uniform per trial (see the class remarks).</summary>
public sealed partial class MultinomialSampler
{
    private const ulong AliasMask = 0xFFFF;

    /// <summary>One alias draw per trial.</summary>
    private void ThrowEach(RandomStream random, long trials, Span<long> counts)
    {
        var columns = _columns;
        var range = (ulong)columns.Length;
        for (long t = 0; t < trials; t++)
        {
            var column = RandomStream.MultiplyBy32(random.NextUInt64(), (uint)range, out var fraction);
            if (fraction < range)
            {
                // Lemire's rejection keeps the column exactly uniform (taken about range / 2^64 of the time).
                var threshold = (0UL - range) % range;
                while (fraction < threshold)
                {
                    column = RandomStream.MultiplyBy32(random.NextUInt64(), (uint)range, out fraction);
                }
            }

            // Branch-free select: under a skew the comparison is a coin toss a branch predictor cannot learn.
            var c = columns[(int)column];
            var alias = (int)(c & AliasMask);
            var keep = (fraction | AliasMask) < c ? 1 : 0;
            counts[alias ^ (((int)column ^ alias) & -keep)]++;
        }
    }

    /// <summary>Vose's alias construction in 64-bit fixed point; work space on the stack for up to 1,024 categories.</summary>
    private void BuildAlias()
    {
        var n = Categories;
        double total = 0;
        foreach (var w in _weights)
        {
            total += w;
        }

        Span<double> scaled = n <= 1024 ? stackalloc double[n] : new double[n];
        Span<int> small = n <= 1024 ? stackalloc int[n] : new int[n];
        Span<int> large = n <= 1024 ? stackalloc int[n] : new int[n];
        int smallCount = 0, largeCount = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            scaled[i] = _weights[i] * n / total;
            if (scaled[i] < 1)
            {
                small[smallCount++] = i;
            }
            else
            {
                large[largeCount++] = i;
            }
        }

        while (smallCount > 0 && largeCount > 0)
        {
            var s = small[--smallCount];
            var l = large[--largeCount];
            _columns[s] = Pack(scaled[s], l);

            // The large column gives what the small one lacks.
            scaled[l] = (scaled[l] + scaled[s]) - 1;
            if (scaled[l] < 1)
            {
                small[smallCount++] = l;
            }
            else
            {
                large[largeCount++] = l;
            }
        }

        // What is left is 1 up to rounding: those columns keep every draw. A zero weight never is (its share went
        // to its alias), so rounding can only hand a sliver of a column to a positive category.
        while (largeCount > 0)
        {
            var l = large[--largeCount];
            _columns[l] = Pack(1, l);
        }

        while (smallCount > 0)
        {
            var s = small[--smallCount];
            _columns[s] = Pack(1, _weights[s] > 0 ? s : _lastPositive);
        }

        _aliasReady = true;
    }

    /// <summary>
    /// A column in one word: the share it keeps as a threshold on the high 48 bits of the 64-bit fraction, and its
    /// alias in the low 16 (a share of 1 keeps every draw; the alias is then the column itself).
    /// </summary>
    private static ulong Pack(double share, int alias)
    {
        var threshold = share <= 0 ? 0 : share >= 1 ? ~AliasMask : (ulong)(share * 18446744073709551616.0) & ~AliasMask;
        return threshold | (uint)alias;
    }
}
