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
public sealed partial class MultinomialSampler
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
}
