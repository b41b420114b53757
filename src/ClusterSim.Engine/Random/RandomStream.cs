namespace ClusterSim.Engine.Random;

/// <summary>
/// A reproducible stream of random numbers (xoshiro256**) with the samplers a serving simulation needs.
/// </summary>
/// <remarks>
/// Each component draws from its own stream, derived from the run seed and the component's name
/// (<see cref="RandomStreams"/>), so adding a component never shifts the numbers another one sees.
/// Not thread-safe: a stream belongs to one component of one run.
/// </remarks>
public sealed partial class RandomStream
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
        var m = MultiplyBy32(NextUInt64(), (uint)maxExclusive, out var low);
        if (low < range)
        {
            var threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = MultiplyBy32(NextUInt64(), (uint)maxExclusive, out low);
            }
        }

        return (int)m;
    }

    /// <summary>
    /// The 128-bit product of <paramref name="x"/> and a 32-bit <paramref name="factor"/>: its high 64 bits, and the low
    /// 64 in <paramref name="low"/>, exactly what <see cref="Math.BigMul(ulong, ulong, out ulong)"/> gives. Two 64-bit
    /// multiplies of 32-bit halves, because a Native AOT build for plain x86-64 (no BMI2) runs BigMul in software.
    /// </summary>
    internal static ulong MultiplyBy32(ulong x, uint factor, out ulong low)
    {
        var lower = (x & 0xFFFF_FFFFUL) * factor;
        var upper = (x >> 32) * factor;
        low = (upper << 32) + lower;
        return (upper + (lower >> 32)) >> 32;
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
}
