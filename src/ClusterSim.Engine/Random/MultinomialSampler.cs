using System.Runtime.InteropServices;

namespace ClusterSim.Engine.Random;

/// <summary>
/// Multinomial counts over a fixed number of categories whose weights change rarely (expert popularity between
/// drift steps). Few trials per category are thrown one by one through an alias table; many are split by the
/// conditional-binomial chain of <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>.
/// Both are set up once per weight vector, not per draw.
/// </summary>
/// <remarks>
/// <para>
/// <b>Set-up.</b> The sampler keeps a copy of the weights its tables were built for and compares the caller's
/// weights with it bit for bit on every call (one vectorised compare of 2 KB for 256 experts); a different vector
/// rebuilds the tables lazily (the alias table when a draw first needs it, the chain's constants likewise), so a
/// weight vector that changes every call (group-limited routing's picks) pays only for the method it uses.
/// </para>
/// <para>
/// <b>Few trials</b> (at most <see cref="AliasTrialsPerCategory"/> per category): Walker's alias method (Vose's
/// construction), one 64-bit uniform per trial: its high part times the category count picks a column (Lemire's
/// rejection keeps it exactly uniform), the top 48 bits of the low part are compared with the column's threshold.
/// A column is one 64-bit word (48-bit threshold, 16-bit alias). Exact to 2^-48 of a column.
/// </para>
/// <para>
/// <b>Many trials</b>: the chain, category i drawing Binomial(remaining, w_i / (w_i + … + w_last)); the last positive
/// category takes what is left. The conditional probabilities and their logarithms are worked out when the weights
/// change, from suffix sums (not a running remainder). With P = min(p, 1 − p): below n·P = 10 sequential inversion
/// (exact; one uniform, P(0) = exp(n·log q), then the pmf's ratio recurrence with reciprocals from a table); from
/// there Hörmann's BTRS (exact; log-factorials from <see cref="LogFactorialTable"/>); from n·P·(1 − P) =
/// <see cref="NormalVarianceThreshold"/> a skew-corrected normal (<see cref="SkewCorrectedNormal"/>, an approximation
/// a chi-square test needs millions of draws of one binomial to notice). The trial count changes along the chain
/// (it is what the earlier categories left), so the square root of n·P·(1 − P) stays per draw.
/// </para>
/// <para>
/// The counts have the multinomial's distribution (up to the normal approximation above), but not the values of
/// <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>: <c>MultinomialSamplerTests</c> and
/// <c>SkewCorrectedNormalTests</c> hold them to the exact pmfs. Nothing is allocated after construction; a sampler
/// of E categories keeps 48·E bytes (the weights, a 32-byte chain entry and an 8-byte alias column each).
/// </para>
/// </remarks>
public sealed class MultinomialSampler
{
    /// <summary>
    /// The most trials per category drawn through the alias table; more go through the chain. Measured over 256
    /// experts (docs/performance.md, "Experts"): the two cost about the same at 4,096 copies (16 per expert) under the
    /// default log-normal skew and under uniform weights; below, per-copy draws win by up to 15 times.
    /// </summary>
    public const int AliasTrialsPerCategory = 16;

    /// <summary>
    /// The smallest n·p·(1 − p) at which the chain's binomial is the skew-corrected normal of
    /// <see cref="SkewCorrectedNormal"/> instead of BTRS (exact). At 30 a chi-square test needs about three million
    /// draws of one such binomial to notice (docs/performance.md, "Experts"; <c>MultinomialSamplerTests</c>).
    /// </summary>
    public const double NormalVarianceThreshold = 30;

    /// <summary>The most categories: an alias column keeps its alias in 16 bits.</summary>
    public const int MaxCategories = 1 << 16;

    private const ulong AliasMask = 0xFFFF;
    private const int ReciprocalCount = 256;
    private static readonly double[] Reciprocals = BuildReciprocals();

    private readonly long _aliasTrials;
    private readonly double[] _weights;
    private readonly Entry[] _entries;
    private readonly ulong[] _columns;
    private bool _built;
    private bool _chainReady;
    private bool _aliasReady;
    private int _lastPositive;

    /// <summary>A sampler over <paramref name="categories"/> categories.</summary>
    public MultinomialSampler(int categories)
        : this(categories, AliasTrialsPerCategory)
    {
    }

    /// <summary>
    /// A sampler that throws copies through the alias table up to <paramref name="aliasTrialsPerCategory"/> trials per
    /// category (0: always the chain; <see cref="int.MaxValue"/>: always the alias table), for tests and benchmarks.
    /// </summary>
    internal MultinomialSampler(int categories, int aliasTrialsPerCategory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(categories, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(categories, MaxCategories);
        ArgumentOutOfRangeException.ThrowIfNegative(aliasTrialsPerCategory);
        _aliasTrials = (long)aliasTrialsPerCategory * categories;
        _weights = new double[categories];
        _entries = new Entry[categories];
        _columns = new ulong[categories];
    }

    /// <summary>Categories.</summary>
    public int Categories => _weights.Length;

    /// <summary>
    /// Distributes <paramref name="trials"/> over categories with <paramref name="weights"/> (need not sum to 1) into
    /// <paramref name="counts"/>, drawing from <paramref name="random"/>: the distribution of
    /// <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/>, not its values.
    /// </summary>
    public void Sample(RandomStream random, long trials, ReadOnlySpan<double> weights, Span<long> counts)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        if (weights.Length != Categories)
        {
            throw new ArgumentException($"{weights.Length} weights for a sampler of {Categories} categories.", nameof(weights));
        }

        if (counts.Length != Categories)
        {
            throw new ArgumentException("counts and weights must have the same length.", nameof(counts));
        }

        if (!_built || !MemoryMarshal.Cast<double, ulong>(weights).SequenceEqual(MemoryMarshal.Cast<double, ulong>(_weights)))
        {
            Load(weights);
        }

        counts.Clear();
        if (trials == 0)
        {
            return;
        }

        if (_lastPositive < 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        if (trials <= _aliasTrials)
        {
            if (!_aliasReady)
            {
                BuildAlias();
            }

            ThrowEach(random, trials, counts);
            return;
        }

        if (!_chainReady)
        {
            BuildChain();
        }

        Chain(random, trials, counts);
    }

    /// <summary>
    /// The index of the last positive weight (-1 when none), after checking every weight is finite and non-negative:
    /// the categories past it can draw nothing, so every sampler stops there.
    /// </summary>
    internal static int LastPositive(ReadOnlySpan<double> weights)
    {
        var lastPositive = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] >= 0) || double.IsInfinity(weights[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i], "Weights must be finite and non-negative.");
            }

            if (weights[i] > 0)
            {
                lastPositive = i;
            }
        }

        return lastPositive;
    }

    /// <summary>Checks and keeps a new weight vector; the tables are rebuilt when a draw needs them.</summary>
    private void Load(ReadOnlySpan<double> weights)
    {
        var lastPositive = LastPositive(weights);

        weights.CopyTo(_weights);
        _lastPositive = lastPositive;
        _built = true;
        _chainReady = false;
        _aliasReady = false;
    }

    /// <summary>One alias draw per trial.</summary>
    private void ThrowEach(RandomStream random, long trials, Span<long> counts)
    {
        var columns = _columns;
        var range = (ulong)columns.Length;
        for (long t = 0; t < trials; t++)
        {
            var column = Math.BigMul(random.NextUInt64(), range, out var fraction);
            if (fraction < range)
            {
                // Lemire's rejection keeps the column exactly uniform (taken about range / 2^64 of the time).
                var threshold = (0UL - range) % range;
                while (fraction < threshold)
                {
                    column = Math.BigMul(random.NextUInt64(), range, out fraction);
                }
            }

            // Branch-free select: under a skew the comparison is a coin toss a branch predictor cannot learn.
            var c = columns[(int)column];
            var alias = (int)(c & AliasMask);
            var keep = (fraction | AliasMask) < c ? 1 : 0;
            counts[alias ^ (((int)column ^ alias) & -keep)]++;
        }
    }

    /// <summary>The conditional-binomial chain with each category's constants prepared.</summary>
    private void Chain(RandomStream random, long trials, Span<long> counts)
    {
        var logFactorials = LogFactorialTable.Covering(trials);
        var entries = _entries;
        var last = _lastPositive;
        var remaining = trials;
        for (var i = 0; i < last && remaining > 0; i++)
        {
            ref readonly var e = ref entries[i];
            if (e.P <= 0)
            {
                // A zero weight takes nothing; p rounded to 1 (the later weights are below its rounding) takes all.
                if (e.SignedOdds < 0)
                {
                    counts[i] = remaining;
                    remaining = 0;
                }

                continue;
            }

            var n = remaining;
            var mean = n * e.P;
            long k;
            if (mean < 10)
            {
                k = Inversion(random, n, e.LogQ, Math.Abs(e.SignedOdds));
            }
            else if (mean * (1 - e.P) >= NormalVarianceThreshold)
            {
                k = SkewCorrectedNormal(random, n, e.P);
            }
            else
            {
                k = random.BinomialBtrs(n, e.P, e.Lpq, logFactorials);
            }

            if (e.SignedOdds < 0)
            {
                k = n - k;
            }

            counts[i] = k;
            remaining -= k;
        }

        counts[last] += remaining;
    }

    /// <summary>
    /// Binomial(n, p) for p ≤ 0.5 and n·p·(1 − p) ≥ <see cref="NormalVarianceThreshold"/>, approximated: the nearest
    /// integer to a normal with the binomial's third cumulant added by the Cornish–Fisher term, X = n·p + a·z +
    /// h·(z² − 1) with z standard normal, h = (1 − 2p)/6 and a² = n·p·q − 1/12 − 2h² (so that X has the binomial's
    /// skewness, and rounding's 1/12, Sheppard's correction, brings the variance back to exactly n·p·q).
    /// </summary>
    /// <remarks>
    /// What is left is the fourth cumulant, O(1/(n·p·q)). Worked out against the exact pmf (docs/performance.md,
    /// "Experts"), the chi-square non-centrality per draw at the threshold is about 1e-5: a test needs a few million
    /// draws of one binomial to tell it from exact at significance 0.001, where a plain normal with continuity
    /// correction is told apart after about ten thousand. It costs one ziggurat normal (<see cref="ZigguratNormal"/>)
    /// and one square root, with no rejection loop and no logarithm.
    /// </remarks>
    internal static long SkewCorrectedNormal(RandomStream random, long n, double p)
    {
        var q = 1 - p;
        var h = (1 - (2 * p)) / 6;
        var a = Math.Sqrt((n * p * q) - (1.0 / 12) - (2 * h * h));
        var z = ZigguratNormal.Next(random);
        var k = Math.Floor((n * p) + (a * z) + (h * ((z * z) - 1)) + 0.5);
        return k <= 0 ? 0 : k >= n ? n : (long)k;
    }

    /// <summary>
    /// Binomial(n, p) by sequential inversion for n·p &lt; 10 and p ≤ 0.5: P(0) = q^n = exp(n·log q), then
    /// P(k) = P(k − 1)·(n − k + 1)/k·p/q, subtracting each from one uniform until it is used up.
    /// </summary>
    /// <remarks>
    /// q^n is at least exp(−10·ln 2 / 0.5) ≈ 1e-6 here, so it never underflows. 1/k comes from a table (a multiply
    /// on the loop's dependency chain instead of a division). The subtracted pmf sums to 1 only up to rounding (about
    /// 1e-15), so a uniform in that sliver could outlast the whole pmf; such a draw is thrown away and drawn again
    /// rather than answered with n, which biases nothing measurable (it happens about once in 10^15).
    /// </remarks>
    private static long Inversion(RandomStream random, long n, double logQ, double odds)
    {
        var first = Math.Exp(n * logQ);
        var reciprocals = Reciprocals;
        while (true)
        {
            var u = random.NextDouble();
            var f = first;
            long k = 0;
            while (u >= f && f > 0 && k < n)
            {
                u -= f;
                k++;
                var step = odds * (n - k + 1);
                f *= k < ReciprocalCount ? step * reciprocals[k] : step / k;
            }

            if (u < f)
            {
                return k;
            }
        }
    }

    /// <summary>Each category's conditional probability w_i / (w_i + … + w_last) and what its binomial needs.</summary>
    private void BuildChain()
    {
        double suffix = 0;
        for (var i = _lastPositive; i >= 0; i--)
        {
            var w = _weights[i];
            suffix += w;
            ref var e = ref _entries[i];
            if (w <= 0 || i == _lastPositive)
            {
                e = default;
                continue;
            }

            var p = Math.Min(1.0, w / suffix);
            var flipped = p > 0.5;
            var pe = flipped ? 1 - p : p;
            var odds = pe / (1 - pe);
            e.P = pe;

            // The sign says "flipped" even when p rounded to 1 left P = 0 and odds 0 (−0 would not be below 0).
            e.SignedOdds = flipped ? -Math.Max(odds, double.Epsilon) : odds;
            e.LogQ = RandomStream.LogOneMinus(pe);
            e.Lpq = pe > 0 ? Math.Log(odds) : 0;
        }

        _chainReady = true;
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

    private static double[] BuildReciprocals()
    {
        var table = new double[ReciprocalCount];
        for (var k = 1; k < table.Length; k++)
        {
            table[k] = 1.0 / k;
        }

        return table;
    }

    /// <summary>One category's chain constants: 32 bytes, two to a cache line.</summary>
    private struct Entry
    {
        /// <summary>P = min(p, 1 − p) for the chain's conditional p (0 for a zero weight and for the last category).</summary>
        public double P;

        /// <summary>log(P / (1 − P)), for BTRS.</summary>
        public double Lpq;

        /// <summary>log(1 − P), for inversion's P(0) = (1 − P)^n.</summary>
        public double LogQ;

        /// <summary>P / (1 − P), inversion's pmf ratio factor; negative when p &gt; 0.5 (drawn as n minus Binomial(n, 1 − p)).</summary>
        public double SignedOdds;
    }
}
