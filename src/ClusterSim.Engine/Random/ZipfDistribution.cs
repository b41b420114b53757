namespace ClusterSim.Engine.Random;

/// <summary>
/// Zipf's law over ranks 0..n-1: P(k) ∝ 1 / (k + 1)^s. Sampled by rejection-inversion (Hörmann and
/// Derflinger, 1996) in O(1) expected time and O(1) memory, for any n and any exponent s ≥ 0.
/// </summary>
/// <remarks>
/// Implementation note: the method inverts the integral H of the continuous hat h(x) = x^-s over
/// [1.5 - 1, n + 0.5], rounds to the nearest rank and accepts with a cheap test that almost always passes
/// (the expected number of uniforms per sample is below 1.1 for every s). Ranks are 0-based here: rank 0
/// is the most popular item.
/// </remarks>
public sealed class ZipfDistribution
{
    private readonly double _hIntegralX1;
    private readonly double _hIntegralN;
    private readonly double _squeeze;

    /// <summary>A Zipf distribution over <paramref name="itemCount"/> ranks with exponent <paramref name="exponent"/>.</summary>
    public ZipfDistribution(int itemCount, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itemCount);
        if (!(exponent >= 0) || double.IsInfinity(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The Zipf exponent must be finite and non-negative.");
        }

        ItemCount = itemCount;
        Exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1;
        _hIntegralN = HIntegral(itemCount + 0.5);
        _squeeze = 2 - HIntegralInverse(HIntegral(2.5) - H(2));
    }

    /// <summary>How many ranks.</summary>
    public int ItemCount { get; }

    /// <summary>The exponent s.</summary>
    public double Exponent { get; }

    /// <summary>A rank in [0, n), rank 0 the most likely.</summary>
    public int Sample(RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            var u = _hIntegralN + random.NextDouble() * (_hIntegralX1 - _hIntegralN);
            var x = HIntegralInverse(u);
            var k = (long)(x + 0.5);
            k = Math.Clamp(k, 1, ItemCount);
            if (k - x <= _squeeze || u >= HIntegral(k + 0.5) - H(k))
            {
                return (int)k - 1;
            }
        }
    }

    /// <summary>The exact probability of rank <paramref name="rank"/> (0-based); O(n), for tests and reports.</summary>
    public double Probability(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ItemCount);
        return Math.Pow(rank + 1, -Exponent) / GeneralizedHarmonic(Exponent);
    }

    /// <summary>The exact mean rank (0-based); O(n).</summary>
    public double Mean() => GeneralizedHarmonic(Exponent - 1) / GeneralizedHarmonic(Exponent) - 1;

    /// <summary>The exact variance of the rank; O(n).</summary>
    public double Variance()
    {
        var h = GeneralizedHarmonic(Exponent);
        var m1 = GeneralizedHarmonic(Exponent - 1) / h;
        var m2 = GeneralizedHarmonic(Exponent - 2) / h;
        return m2 - (m1 * m1);
    }

    private double GeneralizedHarmonic(double power)
    {
        // Sum from the smallest terms up for accuracy.
        double sum = 0;
        for (var k = ItemCount; k >= 1; k--)
        {
            sum += Math.Pow(k, -power);
        }

        return sum;
    }

    private double H(double x) => Math.Exp(-Exponent * Math.Log(x));

    /// <summary>The integral of x^-s: (x^(1-s) - 1) / (1 - s), written to stay exact as s approaches 1.</summary>
    private double HIntegral(double x)
    {
        var logX = Math.Log(x);
        return ExpM1OverX((1 - Exponent) * logX) * logX;
    }

    private double HIntegralInverse(double x)
    {
        var t = x * (1 - Exponent);
        if (t < -1)
        {
            // Rounding can push t just below the domain of log1p; clamp to its edge.
            t = -1;
        }

        return Math.Exp(Log1POverX(t) * x);
    }

    /// <summary>(e^x - 1) / x, with its Taylor series near zero.</summary>
    private static double ExpM1OverX(double x) =>
        Math.Abs(x) > 1e-8 ? (Math.Exp(x) - 1) / x : 1 + (x / 2 * (1 + (x / 3 * (1 + (x / 4)))));

    /// <summary>log(1 + x) / x, with its Taylor series near zero.</summary>
    private static double Log1POverX(double x) =>
        Math.Abs(x) > 1e-8 ? Math.Log(1 + x) / x : 1 - (x * ((1.0 / 2) - (x * ((1.0 / 3) - (x / 4)))));
}
