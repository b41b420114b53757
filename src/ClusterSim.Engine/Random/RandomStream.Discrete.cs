namespace ClusterSim.Engine.Random;

/// <summary>The discrete samplers of <see cref="RandomStream"/>: Poisson, binomial and multinomial counts.</summary>
public sealed partial class RandomStream
{
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

    /// <summary>Binomial(n, p): geometric waiting times below n·p = 10 (O(n·p)), Hörmann's BTRS transformed rejection above (O(1)).</summary>
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

        // BTRS is exact from n·p = 10 (Hörmann 1993); below, waiting times cost at most a few uniforms. Expert routing
        // draws hundreds of these per MoE layer, so the switch point matters.
        return n * p < 10
            ? BinomialWaitingTimes(n, LogOneMinus(p))
            : BinomialBtrs(n, p, Math.Log(p / (1 - p)), SmallLogFactorials);
    }

    /// <summary>
    /// log(1 − p) for the waiting-time sampler, never 0 for p &gt; 0: below about 1.1e-16, 1 − p rounds to 1 and the log
    /// to 0, and every waiting time became −∞, so the loop never ended (a drifted expert popularity of 1e-20 hung the
    /// run). There −p is log(1 − p) to double precision; every other p keeps Math.Log(1 − p), so no draw changes.
    /// </summary>
    internal static double LogOneMinus(double p)
    {
        var logQ = Math.Log(1 - p);
        return logQ == 0 ? -p : logQ;
    }

    /// <summary>
    /// Geometric waiting times between successes (Devroye's second waiting-time method) for n·p &lt; 10: O(n·p).
    /// <paramref name="logQ"/> is log(1 − p).
    /// </summary>
    internal long BinomialWaitingTimes(long n, double logQ)
    {
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

    /// <summary>
    /// Hörmann's BTRS transformed rejection (1993) for n·p ≥ 10 and p ≤ 0.5: O(1) expected time. It replaced a
    /// beta-splitting recursion that needed about 30 gamma draws per sample (several microseconds).
    /// </summary>
    /// <remarks>
    /// The set-up's logarithms are the caller's: <paramref name="lpq"/> = log(p / (1 − p)) and log(k!) from
    /// <paramref name="logFactorials"/> where it is long enough (the Stirling series beyond). Every table holds
    /// exactly what <see cref="LogFactorial(double)"/> computes, so a longer table changes the speed, never a draw.
    /// </remarks>
    internal long BinomialBtrs(long n, double p, double lpq, ReadOnlySpan<double> logFactorials)
    {
        var q = 1 - p;
        var spq = Math.Sqrt(n * p * q);
        var b = 1.15 + (2.53 * spq);
        var a = -0.0873 + (0.0248 * b) + (0.01 * p);
        var c = (n * p) + 0.5;
        var vr = 0.92 - (4.2 / b);
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

            // The squeeze accepts most draws; the exact test's constants are only worked out when it does not.
            if ((us >= 0.07 && v <= vr) || BtrsAccepts(n, p, spq, a, b, k, us, v, lpq, logFactorials))
            {
                return (long)k;
            }
        }
    }

    /// <summary>BTRS's exact acceptance test of candidate <paramref name="k"/> (the same arithmetic as Hörmann's set-up).</summary>
    private static bool BtrsAccepts(long n, double p, double spq, double a, double b, double k, double us, double v, double lpq, ReadOnlySpan<double> logFactorials)
    {
        var alpha = (2.83 + (5.1 / b)) * spq;
        var m = Math.Floor((n + 1) * p);
        var h = LogFactorial(m, logFactorials) + LogFactorial(n - m, logFactorials);
        var lhs = Math.Log(v * alpha / ((a / (us * us)) + b));
        return lhs <= h - LogFactorial(k, logFactorials) - LogFactorial(n - k, logFactorials) + ((k - m) * lpq);
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
        var lastPositive = MultinomialSampler.LastPositive(weights);

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

            var p = Math.Min(1.0, weights[i] / tail);
            var c = tail <= 0 ? 0 : Binomial(remaining, p);
            counts[i] = c;
            remaining -= c;
            tail -= weights[i];
        }
    }

    /// <summary>log(k!) for k &lt; 16, summed exactly; the head of every longer table.</summary>
    internal static readonly double[] SmallLogFactorials = BuildSmallLogFactorials();

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
    internal static double LogFactorial(double k) => LogFactorial(k, SmallLogFactorials);

    /// <summary>log(k!) from <paramref name="table"/> where it reaches, else the Stirling series (error below 1e-10).</summary>
    private static double LogFactorial(double k, ReadOnlySpan<double> table)
    {
        if (k < table.Length)
        {
            return table[(int)k];
        }

        return StirlingLogFactorial(k);
    }

    /// <summary>The Stirling series for log(k!), k ≥ 16; <see cref="LogFactorialTable"/> fills its entries with it.</summary>
    internal static double StirlingLogFactorial(double k) =>
        ((k + 0.5) * Math.Log(k)) - k + (0.5 * Math.Log(2 * Math.PI)) + (1 / (12 * k)) - (1 / (360 * k * k * k));
}
