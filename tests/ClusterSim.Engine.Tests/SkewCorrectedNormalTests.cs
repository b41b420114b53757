using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// The two pieces of <see cref="MultinomialSampler"/>'s approximation for large binomials: the ziggurat normal against
/// the normal distribution, and the skew-corrected normal against the exact binomial pmf at the threshold
/// (<see cref="MultinomialSampler.NormalVarianceThreshold"/>), with a million draws each, far more than any marginal
/// test of the multinomial gives it, so an approximation error a test could see would show here first. Fixed seeds.
/// </summary>
public class SkewCorrectedNormalTests
{
    private const int Draws = 1_000_000;

    [Fact]
    public void Ziggurat_draws_fit_the_standard_normal_in_the_body_and_both_tails()
    {
        // Bins of width 0.1 from -4 to 4 and the two tails beyond: the tail beyond R = 3.44 (the base strip's
        // overflow, about 0.06 % of draws) falls in the outer bins.
        var edges = Enumerable.Range(0, 81).Select(i => -4 + (i * 0.1)).ToArray();
        var probabilities = new double[edges.Length + 1];
        probabilities[0] = Phi(edges[0]);
        for (var b = 1; b < edges.Length; b++)
        {
            probabilities[b] = Phi(edges[b]) - Phi(edges[b - 1]);
        }

        probabilities[^1] = 1 - Phi(edges[^1]);
        var observed = new long[probabilities.Length];
        var random = new RandomStream(21);
        double sum = 0, squares = 0;
        for (var d = 0; d < Draws; d++)
        {
            var z = ZigguratNormal.Next(random);
            sum += z;
            squares += z * z;
            var bin = Array.BinarySearch(edges, z);
            observed[bin >= 0 ? bin + 1 : ~bin]++;
        }

        ChiSquare.AssertFits(observed, probabilities, Draws, "ziggurat normal");

        // Mean within 5 standard errors of 0 and variance within 5 of 1 (sd of the sample variance is sqrt(2/N)).
        Assert.InRange(sum / Draws, -5 / Math.Sqrt(Draws), 5 / Math.Sqrt(Draws));
        Assert.InRange(squares / Draws, 1 - (5 * Math.Sqrt(2.0 / Draws)), 1 + (5 * Math.Sqrt(2.0 / Draws)));
    }

    [Theory]
    [InlineData(0.004)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void At_the_threshold_a_million_draws_cannot_tell_the_skew_corrected_normal_from_the_exact_binomial(double p)
    {
        var n = (int)Math.Ceiling(MultinomialSampler.NormalVarianceThreshold / (p * (1 - p)));
        var (statistic, bins) = Fit(n, p, p, corrected: true, seed: 22);
        Assert.True(statistic <= ChiSquare.Critical(bins - 1), $"n = {n}, p = {p}: chi-square {statistic:0.##} over {bins} bins");
    }

    [Theory]
    [InlineData(0.004)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    public void The_same_test_rejects_a_plain_normal_with_continuity_correction(double p)
    {
        // The test has the power to see an approximation: rounding n·p + sqrt(n·p·q)·z, without the skew term and
        // Sheppard's correction, fails at the same threshold (p = 0.5 has no skew, so it is left out).
        var n = (int)Math.Ceiling(MultinomialSampler.NormalVarianceThreshold / (p * (1 - p)));
        var (statistic, bins) = Fit(n, p, p, corrected: false, seed: 23);
        Assert.True(statistic > ChiSquare.Critical(bins - 1), $"n = {n}, p = {p}: chi-square {statistic:0.##} over {bins} bins should reject");
    }

    [Theory]
    [InlineData(0.004)]
    [InlineData(0.3)]
    public void The_same_test_rejects_the_approximation_fed_a_one_percent_hotter_probability(double p)
    {
        var n = (int)Math.Ceiling(MultinomialSampler.NormalVarianceThreshold / (p * (1 - p)));
        var (statistic, bins) = Fit(n, p, p * 1.01, corrected: true, seed: 24);
        Assert.True(statistic > ChiSquare.Critical(bins - 1), $"n = {n}, p = {p}: chi-square {statistic:0.##} over {bins} bins should reject");
    }

    private static (double Statistic, int Bins) Fit(int n, double p, double drawnP, bool corrected, ulong seed)
    {
        var observed = new long[n + 1];
        var random = new RandomStream(seed);
        var sd = Math.Sqrt(n * drawnP * (1 - drawnP));
        for (var d = 0; d < Draws; d++)
        {
            var k = corrected
                ? MultinomialSampler.SkewCorrectedNormal(random, n, drawnP)
                : (long)Math.Clamp(Math.Floor((n * drawnP) + (sd * ZigguratNormal.Next(random)) + 0.5), 0, n);
            observed[k]++;
        }

        return ChiSquare.Statistic(observed, ChiSquare.BinomialPmf(n, p), Draws);
    }

    /// <summary>The standard normal CDF (erfc by Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    private static double Phi(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        double poly = 0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
