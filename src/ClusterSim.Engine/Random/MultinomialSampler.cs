namespace ClusterSim.Engine.Random;

/// <summary>
/// Multinomial counts over a fixed number of categories whose weights change rarely (expert popularity between
/// drift steps): the conditional-binomial chain of <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>
/// with each category's binomial set-up cached, drawing exactly the same numbers from the same stream.
/// </summary>
/// <remarks>
/// In the chain, category i's probability is w_i / (w_i + … + w_last); it depends on the weights only, not on the
/// earlier draws, so while the weights stay the same every category meets the same p again. The cache keeps, per
/// category, the last p and its logarithms (log(p/q) for BTRS, log q for waiting times) and recomputes them only
/// when p differs (compared bit for bit, so a drift or a new weight vector invalidates exactly what changed).
/// BTRS's log-factorials come from <see cref="LogFactorialTable"/>. The trial count changes every draw (it is what
/// the earlier categories left), so its square root stays per draw. Nothing is allocated after construction.
/// </remarks>
public sealed class MultinomialSampler
{
    private readonly double[] _key;
    private readonly double[] _p;
    private readonly double[] _lpq;
    private readonly double[] _logQ;
    private readonly bool[] _flipped;
    private double[] _logFactorials = RandomStream.SmallLogFactorials;

    /// <summary>A sampler over <paramref name="categories"/> categories.</summary>
    public MultinomialSampler(int categories)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(categories, 1);
        _key = new double[categories];
        _p = new double[categories];
        _lpq = new double[categories];
        _logQ = new double[categories];
        _flipped = new bool[categories];
        Array.Fill(_key, double.NaN);
    }

    /// <summary>Categories.</summary>
    public int Categories => _key.Length;

    /// <summary>
    /// Distributes <paramref name="trials"/> over categories with <paramref name="weights"/> (need not sum to 1) into
    /// <paramref name="counts"/>, drawing from <paramref name="random"/> exactly as <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/> would.
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
    /// order (p &gt; 0.5 drawn as n minus its complement), with the logarithms from the cache.
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
        if (p != _key[category])
        {
            Prepare(category, p);
        }

        var pe = _p[category];
        var k = n * pe < 10
            ? random.BinomialWaitingTimes(n, _logQ[category])
            : random.BinomialBtrs(n, pe, _lpq[category], _logFactorials);
        return _flipped[category] ? n - k : k;
    }

    private void Prepare(int category, double p)
    {
        var flipped = p > 0.5;
        var pe = flipped ? 1 - p : p;
        _key[category] = p;
        _p[category] = pe;
        _flipped[category] = flipped;
        _lpq[category] = Math.Log(pe / (1 - pe));
        _logQ[category] = RandomStream.LogOneMinus(pe);
    }
}
