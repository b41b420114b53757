using ClusterSim.Engine.Random;

namespace ClusterSim.Experts;

/// <summary>
/// Binomial and multinomial counts for routing, in O(1) expected time per binomial: Hörmann's BTRS transformed
/// rejection (1993) when n·min(p, 1−p) ≥ 10, waiting times below. Routing samples hundreds of binomials per layer,
/// so the engine's recursive beta-split method (microseconds each) would dominate the step's cost.
/// </summary>
internal static class CountSampling
{
    private static readonly double[] SmallLogFactorials = BuildSmallLogFactorials();

    /// <summary>Multinomial counts of <paramref name="trials"/> over <paramref name="weights"/> (any positive scale) by conditional binomials.</summary>
    public static void Multinomial(RandomStream random, long trials, ReadOnlySpan<double> weights, Span<long> counts)
    {
        double remainingWeight = 0;
        foreach (var w in weights)
        {
            remainingWeight += w;
        }

        var remaining = trials;
        for (var i = 0; i < weights.Length; i++)
        {
            if (remaining == 0 || remainingWeight <= 0)
            {
                counts[i] = 0;
                continue;
            }

            var p = i == weights.Length - 1 ? 1.0 : Math.Min(1.0, weights[i] / remainingWeight);
            var c = Binomial(random, remaining, p);
            counts[i] = c;
            remaining -= c;
            remainingWeight -= weights[i];
        }
    }

    /// <summary>One Binomial(<paramref name="n"/>, <paramref name="p"/>) draw.</summary>
    public static long Binomial(RandomStream random, long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(random, n, 1 - p);
        }

        return n * p < 10 ? WaitingTimes(random, n, p) : Btrs(random, n, p);
    }

    /// <summary>Geometric gaps between successes: O(n·p) uniforms, exact.</summary>
    private static long WaitingTimes(RandomStream random, long n, double p)
    {
        var logQ = Math.Log(1 - p);
        long successes = 0;
        double position = 0;
        while (true)
        {
            position += Math.Floor(Math.Log(random.NextDoubleNonZero()) / logQ) + 1;
            if (position > n)
            {
                return successes;
            }

            successes++;
        }
    }

    /// <summary>Hörmann's BTRS for p ≤ 0.5 and n·p ≥ 10 (acceptance about 0.9; exact).</summary>
    private static long Btrs(RandomStream random, long n, double p)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var alpha = (2.83 + (5.1 / b)) * spq;
        var vr = 0.92 - (4.2 / b);
        var m = Math.Floor((n + 1) * p);
        var lpq = Math.Log(p / q);
        var h = LogFactorial(m) + LogFactorial(n - m);
        while (true)
        {
            var u = random.NextDouble() - 0.5;
            var v = random.NextDouble();
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

            var logV = Math.Log(v * alpha / ((a / (us * us)) + b));
            if (logV <= h - LogFactorial(k) - LogFactorial(n - k) + ((k - m) * lpq))
            {
                return (long)k;
            }
        }
    }

    /// <summary>ln k!: a table below 16, Stirling's series above (error below 1e-12 there).</summary>
    internal static double LogFactorial(double k)
    {
        if (k < SmallLogFactorials.Length)
        {
            return SmallLogFactorials[(int)k];
        }

        var k2 = k * k;
        return ((k + 0.5) * Math.Log(k)) - k + (0.5 * Math.Log(2 * Math.PI)) + (1 / (12 * k)) - (1 / (360 * k * k2)) + (1 / (1260 * k * k2 * k2));
    }

    private static double[] BuildSmallLogFactorials()
    {
        var table = new double[16];
        for (var i = 2; i < table.Length; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}
