namespace ClusterSim.Engine.Random;

/// <summary>
/// Multinomial counts over a fixed number of categories whose weights change rarely (expert popularity between
/// drift steps): the conditional-binomial chain of <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>
/// with each category's binomial set-up cached, and its small binomials drawn by inversion instead of waiting times.
/// </summary>
/// <remarks>
/// In the chain, category i's probability is w_i / (w_i + … + w_last); it depends on the weights only, not on the
/// earlier draws, so while the weights stay the same every category meets the same p again. The cache keeps, per
/// category, the last p and what is derived from it (log(p/q) for BTRS, log q and p/q for inversion) and recomputes
/// them only when p differs (compared bit for bit, so a drift or a new weight vector invalidates exactly what changed).
/// Below n·p = 10 a binomial is drawn by inversion (one uniform, one exponential, then the pmf's ratio recurrence
/// until the uniform is used up: about n·p + 1 multiply-adds) where <see cref="RandomStream.Binomial"/> takes one
/// logarithm per success (Devroye's waiting times). Both are exact, so the counts have the same distribution as the
/// engine's chain but not the same values: <c>MultinomialSamplerTests</c> checks them against the exact pmfs.
/// BTRS's log-factorials come from <see cref="LogFactorialTable"/>. The trial count changes every draw (it is what
/// the earlier categories left), so its square root stays per draw. Nothing is allocated after construction.
/// A category's cached values sit side by side in one struct, so a draw touches one cache line of the cache, not
/// one per array: a router keeps one sampler per MoE layer, and their caches together outgrow the core's cache.
/// </remarks>
public sealed class MultinomialSampler
{
    private readonly Entry[] _entries;
    private double[] _logFactorials = RandomStream.SmallLogFactorials;

    /// <summary>A sampler over <paramref name="categories"/> categories.</summary>
    public MultinomialSampler(int categories)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(categories, 1);
        _entries = new Entry[categories];
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i].Key = double.NaN;
        }
    }

    /// <summary>Categories.</summary>
    public int Categories => _entries.Length;

    /// <summary>
    /// Distributes <paramref name="trials"/> over categories with <paramref name="weights"/> (need not sum to 1) into
    /// <paramref name="counts"/>, drawing from <paramref name="random"/>: the distribution of
    /// <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>, not its values.
    /// </summary>
    public void Sample(RandomStream random, long trials, ReadOnlySpan<double> weights, Span<long> counts)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (weights.Length != Categories)
        {
            throw new ArgumentException($"{weights.Length} weights for a sampler of {Categories} categories.", nameof(weights));
        }

        _logFactorials = LogFactorialTable.Covering(trials);
        random.Multinomial(trials, weights, counts, this);
    }

    /// <summary>
    /// Binomial(n, p) for category <paramref name="category"/>: <see cref="RandomStream.Binomial"/>'s branches in its
    /// order (p &gt; 0.5 drawn as n minus its complement), with the set-up from the cache and inversion below n·p = 10.
    /// </summary>
    internal long Binomial(RandomStream random, int category, long n, double p)
    {
        if (p <= 0 || n == 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        // NaN never equals: the first use of a category always prepares it.
        ref var entry = ref _entries[category];
        if (p != entry.Key)
        {
            Prepare(ref entry, p);
        }

        // The sign of the cached odds says whether p was flipped; 1 − p is recomputed exactly as Prepare computed it.
        var flipped = entry.SignedOdds < 0;
        var pe = flipped ? 1 - p : p;
        var k = n * pe < 10
            ? Inversion(random, n, entry.LogQ, Math.Abs(entry.SignedOdds))
            : random.BinomialBtrs(n, pe, entry.Lpq, _logFactorials);
        return flipped ? n - k : k;
    }

    /// <summary>
    /// Binomial(n, p) by sequential inversion for n·p &lt; 10 and p ≤ 0.5: P(0) = q^n = exp(n·log q), then
    /// P(k) = P(k − 1)·(n − k + 1)/k·p/q, subtracting each from one uniform until it is used up.
    /// </summary>
    /// <remarks>
    /// q^n is at least exp(−10·ln 2 / 0.5) ≈ 1e-6 here, so it never underflows. The subtracted pmf sums to 1 only up to
    /// rounding (about 1e-15), so a uniform in that sliver could outlast the whole pmf; such a draw is thrown away and
    /// drawn again rather than answered with n, which biases nothing measurable (it happens about once in 10^15).
    /// </remarks>
    private static long Inversion(RandomStream random, long n, double logQ, double odds)
    {
        var first = Math.Exp(n * logQ);
        while (true)
        {
            var u = random.NextDouble();
            var f = first;
            long k = 0;
            while (u >= f && f > 0 && k < n)
            {
                u -= f;
                k++;
                f *= odds * (n - k + 1) / k;
            }

            if (u < f)
            {
                return k;
            }
        }
    }

    private static void Prepare(ref Entry entry, double p)
    {
        var flipped = p > 0.5;
        var pe = flipped ? 1 - p : p;
        var odds = pe / (1 - pe);
        entry.Key = p;
        entry.Lpq = Math.Log(odds);
        entry.LogQ = RandomStream.LogOneMinus(pe);
        entry.SignedOdds = flipped ? -odds : odds;
    }

    /// <summary>One category's cached binomial set-up: 32 bytes, two to a cache line.</summary>
    private struct Entry
    {
        /// <summary>The chain's probability the values were worked out for (NaN before the first use).</summary>
        public double Key;

        /// <summary>log(P / (1 − P)) with P = min(p, 1 − p), for BTRS.</summary>
        public double Lpq;

        /// <summary>log(1 − P), for inversion's P(0) = (1 − P)^n.</summary>
        public double LogQ;

        /// <summary>P / (1 − P), inversion's pmf ratio factor; negative when p &gt; 0.5 (drawn as n minus Binomial(n, 1 − p)).</summary>
        public double SignedOdds;
    }
}
