namespace ClusterSim.Engine.Tests;

/// <summary>
/// Pearson's chi-square goodness-of-fit against exact probabilities, with bins pooled until each expects at least
/// five observations (the usual validity rule), and the critical value at significance 0.001.
/// </summary>
internal static class ChiSquare
{
    /// <summary>z of the standard normal's upper 0.001 tail: each test wrongly fails one seed in a thousand.</summary>
    private const double Z001 = 3.0902;

    /// <summary>
    /// Asserts that <paramref name="observed"/> counts (of <paramref name="draws"/> draws) fit
    /// <paramref name="probabilities"/> (same length, summing to at most 1; the shortfall is an extra bin with no
    /// observations outside the listed outcomes expected).
    /// </summary>
    public static void AssertFits(ReadOnlySpan<long> observed, ReadOnlySpan<double> probabilities, long draws, string what)
    {
        var (statistic, bins) = Statistic(observed, probabilities, draws);
        var critical = Critical(bins - 1);
        Assert.True(
            statistic <= critical,
            $"{what}: chi-square {statistic:0.##} over {bins} pooled bins exceeds the 0.001 critical value {critical:0.##}");
    }

    /// <summary>The statistic and the number of pooled bins.</summary>
    public static (double Statistic, int Bins) Statistic(ReadOnlySpan<long> observed, ReadOnlySpan<double> probabilities, long draws)
    {
        var expected = new List<double>();
        var seen = new List<double>();
        double e = 0, o = 0, total = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            e += probabilities[i] * draws;
            o += observed[i];
            total += probabilities[i];
            if (e >= 5)
            {
                expected.Add(e);
                seen.Add(o);
                e = 0;
                o = 0;
            }
        }

        // The remainder (the upper tail and any probability outside the listed outcomes) joins the last bin.
        e += Math.Max(0, 1 - total) * draws;
        if (expected.Count == 0)
        {
            expected.Add(0);
            seen.Add(0);
        }

        expected[^1] += e;
        seen[^1] += o;
        double statistic = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            statistic += (seen[i] - expected[i]) * (seen[i] - expected[i]) / expected[i];
        }

        return (statistic, expected.Count);
    }

    /// <summary>Wilson–Hilferty's cube-root approximation of the chi-square quantile (relative error below 1 % from 3 degrees of freedom).</summary>
    public static double Critical(int degreesOfFreedom)
    {
        var k = Math.Max(1, degreesOfFreedom);
        var c = 2.0 / (9 * k);
        var root = 1 - c + (Z001 * Math.Sqrt(c));
        return k * root * root * root;
    }

    /// <summary>Binomial(n, p) probabilities for k = 0..n, from the mode outwards by the pmf ratio, normalised.</summary>
    public static double[] BinomialPmf(int n, double p)
    {
        var pmf = new double[n + 1];
        var mode = (int)Math.Floor((n + 1) * p);
        var odds = p / (1 - p);
        pmf[mode] = 1;
        for (var k = mode; k < n && pmf[k] > 1e-300; k++)
        {
            pmf[k + 1] = pmf[k] * (n - k) / (k + 1) * odds;
        }

        for (var k = mode; k > 0 && pmf[k] > 1e-300; k--)
        {
            pmf[k - 1] = pmf[k] * k / (n - k + 1) / odds;
        }

        var sum = pmf.Sum();
        for (var k = 0; k <= n; k++)
        {
            pmf[k] /= sum;
        }

        return pmf;
    }
}
