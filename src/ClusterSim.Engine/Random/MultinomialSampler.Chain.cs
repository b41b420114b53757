namespace ClusterSim.Engine.Random;

/// <summary>
/// Many trials: the conditional-binomial chain, each category's constants prepared once per weight vector, with
/// inversion, BTRS and the skew-corrected normal by n·P (see the class remarks).
/// </summary>
public sealed partial class MultinomialSampler
{
    private const int ReciprocalCount = 256;
    private static readonly double[] Reciprocals = BuildReciprocals();

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
