namespace ClusterSim.Engine.Random;

/// <summary>
/// A reproducible stream of random numbers (xoshiro256**) with the samplers a serving simulation needs.
/// </summary>
/// <remarks>
/// Each component draws from its own stream, derived from the run seed and the component's name
/// (<see cref="RandomStreams"/>), so adding a component never shifts the numbers another one sees.
/// Not thread-safe: a stream belongs to one component of one run.
/// </remarks>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>A stream from a 64-bit seed, expanded with SplitMix64 as the xoshiro authors recommend.</summary>
    public RandomStream(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The stream for a named component of a run seeded with <paramref name="runSeed"/>.</summary>
    public static RandomStream ForComponent(ulong runSeed, string name) => new(DeriveSeed(runSeed, name));

    /// <summary>Mixes a run seed with a component name (FNV-1a of the UTF-16 code units, then SplitMix64).</summary>
    public static ulong DeriveSeed(ulong runSeed, string name)
    {
        var h = 14695981039346656037UL;
        foreach (var c in name)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        var x = runSeed ^ h;
        return SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1], safe to take the logarithm of.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, maxExclusive) without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (ulong)maxExclusive;
        var m = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)m;
    }

    /// <summary>A uniform integer in [min, max] inclusive.</summary>
    public int NextInt(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        // 64-bit Lemire reduction: the full int range has 2^32 values, more than NextInt(int) can span.
        var range = (ulong)((long)max - min + 1);
        var m = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)(min + (long)m);
    }

    /// <summary>A uniform double in [a, b).</summary>
    public double Uniform(double a, double b) => a + (b - a) * NextDouble();

    /// <summary>Exponential with the given rate (mean 1/rate).</summary>
    public double Exponential(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        return -Math.Log(NextDoubleNonZero()) / rate;
    }

    /// <summary>Normal with mean and standard deviation (Marsaglia polar method, caching the spare).</summary>
    public double Normal(double mean, double standardDeviation)
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return mean + standardDeviation * spare;
        }

        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return mean + standardDeviation * u * f;
    }

    /// <summary>Log-normal: exp of a normal with parameters mu and sigma (of the underlying normal).</summary>
    public double LogNormal(double mu, double sigma) => Math.Exp(Normal(mu, sigma));

    /// <summary>Gamma with shape k and scale theta (Marsaglia and Tsang; boosted for k &lt; 1).</summary>
    public double Gamma(double shape, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        if (shape < 1)
        {
            // Gamma(k) = Gamma(k + 1) * U^(1/k).
            return Gamma(shape + 1, scale) * Math.Pow(NextDoubleNonZero(), 1 / shape);
        }

        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(0, 1);
                v = 1 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = NextDoubleNonZero();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
            {
                return d * v * scale;
            }
        }
    }

    /// <summary>Poisson with the given mean (inversion for small means, PTRS transformed rejection above 10).</summary>
    public long Poisson(double mean)
    {
        // A NaN or infinite mean used to fall through to PTRS and loop forever.
        if (!(mean >= 0) || double.IsInfinity(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean must be finite and non-negative.");
        }

        if (mean == 0)
        {
            return 0;
        }

        if (mean < 10)
        {
            var l = Math.Exp(-mean);
            long k = 0;
            var p = NextDouble();
            var cumulative = l;
            var term = l;
            while (p > cumulative && term > 0)
            {
                k++;
                term *= mean / k;
                cumulative += term;
            }

            return k;
        }

        // Hörmann's PTRS (1993).
        var slam = Math.Sqrt(mean);
        var loglam = Math.Log(mean);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var invalpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b) <= -mean + k * loglam - LogFactorial(k))
            {
                return (long)k;
            }
        }
    }

    /// <summary>Binomial(n, p): exact inversion for small n·p, a normal-approximation-free Poisson/recursive split otherwise.</summary>
    public long Binomial(long n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // A NaN p used to slip past every comparison and silently return 0.
        if (double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A binomial probability must be a number in [0, 1].");
        }

        if (p <= 0 || n == 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(n, 1 - p);
        }

        if (n * p < 30)
        {
            // Geometric waiting times between successes (Devroye's second waiting-time method): O(n·p).
            var logQ = Math.Log(1 - p);
            long successes = 0;
            double position = 0;
            while (true)
            {
                position += Math.Floor(Math.Log(NextDoubleNonZero()) / logQ) + 1;
                if (position > n)
                {
                    return successes;
                }

                successes++;
            }
        }

        return BinomialBtrs(n, p);
    }

    /// <summary>
    /// Hörmann's BTRS transformed rejection (1993) for n·p ≥ 10 and p ≤ 0.5: O(1) expected time. It replaced a
    /// beta-splitting recursion that needed about 30 gamma draws per sample (several microseconds).
    /// </summary>
    private long BinomialBtrs(long n, double p)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var vr = 0.92 - (4.2 / b);
        var alpha = (2.83 + (5.1 / b)) * spq;
        var lpq = Math.Log(p / q);
        var m = Math.Floor((n + 1) * p);
        var h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a / us) + b) * u) + c);
            if (k < 0 || k > n)
            {
                continue;
            }

            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            var lhs = Math.Log(v * alpha / ((a / (us * us)) + b));
            if (lhs <= h - LogFactorial(k) - LogFactorial(n - k) + ((k - m) * lpq))
            {
                return (long)k;
            }
        }
    }

    /// <summary>
    /// Multinomial counts: distributes <paramref name="trials"/> over categories with the given weights
    /// (need not sum to 1) by conditional binomials, O(categories) rather than O(trials).
    /// </summary>
    public void Multinomial(long trials, ReadOnlySpan<double> weights, Span<long> counts)
    {
        if (counts.Length != weights.Length)
        {
            throw new ArgumentException("counts and weights must have the same length.", nameof(counts));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(trials);
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

        if (lastPositive < 0 && trials > 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        // The last positive weight takes whatever is left. The old code gave the last category p = 1 even
        // when its weight was zero, so rounding in the running remainder handed trials to zero-weight categories.
        double tail = 0;
        for (var i = 0; i <= lastPositive; i++)
        {
            tail += weights[i];
        }

        var remaining = trials;
        counts.Clear();
        for (var i = 0; i <= lastPositive && remaining > 0; i++)
        {
            if (i == lastPositive)
            {
                counts[i] = remaining;
                break;
            }

            var c = tail > 0 ? Binomial(remaining, Math.Min(1.0, weights[i] / tail)) : 0;
            counts[i] = c;
            remaining -= c;
            tail -= weights[i];
        }
    }

    private static readonly double[] SmallLogFactorials = BuildSmallLogFactorials();

    private static double[] BuildSmallLogFactorials()
    {
        var table = new double[16];
        for (var i = 2; i < table.Length; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }

    /// <summary>log(k!) for a whole number k ≥ 0: a table below 16, the Stirling series above (error below 1e-10).</summary>
    private static double LogFactorial(double k)
    {
        if (k < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[(int)k];
        }

        return ((k + 0.5) * Math.Log(k)) - k + (0.5 * Math.Log(2 * Math.PI)) + (1 / (12 * k)) - (1 / (360 * k * k * k));
    }
}
