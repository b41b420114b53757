using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class CountSamplingTests
{
    [Fact]
    public void Binomial_btrs_matches_the_exact_probabilities()
    {
        // Binomial(100, 0.3) (n·p = 30, the BTRS branch): 200,000 draws; each k in 20..40 should occur
        // 200,000·P(k) times, P(k) = C(100, k)·0.3^k·0.7^(100−k), within 5 binomial sd of that count.
        var random = new RandomStream(17);
        const int Draws = 200_000;
        var histogram = new int[101];
        for (var i = 0; i < Draws; i++)
        {
            histogram[CountSampling.Binomial(random, 100, 0.3)]++;
        }

        for (var k = 20; k <= 40; k++)
        {
            var logP = CountSampling.LogFactorial(100) - CountSampling.LogFactorial(k) - CountSampling.LogFactorial(100 - k) + (k * Math.Log(0.3)) + ((100 - k) * Math.Log(0.7));
            var expected = Draws * Math.Exp(logP);
            var sd = Math.Sqrt(expected * (1 - Math.Exp(logP)));
            Assert.InRange(histogram[k], expected - (5 * sd), expected + (5 * sd));
        }
    }

    [Theory]
    [InlineData(1_000_000L, 0.001)]
    [InlineData(32_768L, 1.0 / 256)]
    [InlineData(50L, 0.1)]
    [InlineData(1_000L, 0.9)]
    public void Binomial_has_mean_np_and_variance_npq(long n, double p)
    {
        // 40,000 draws: the sample mean's sd is √(npq / 40,000); allow 5 of them. The variance within 5 %.
        var random = new RandomStream(3);
        const int Draws = 40_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < Draws; i++)
        {
            double x = CountSampling.Binomial(random, n, p);
            Assert.InRange(x, 0, n);
            sum += x;
            sumSq += x * x;
        }

        var mean = sum / Draws;
        var variance = (sumSq / Draws) - (mean * mean);
        var npq = n * p * (1 - p);
        Assert.Equal(n * p, mean, 5 * Math.Sqrt(npq / Draws));
        Assert.Equal(npq, variance, npq * 0.05);
    }

    [Fact]
    public void LogFactorial_agrees_with_the_sum_of_logs_across_the_table_edge()
    {
        double exact = 0;
        for (var k = 1; k <= 40; k++)
        {
            exact += Math.Log(k);
            Assert.Equal(exact, CountSampling.LogFactorial(k), 1e-9);
        }
    }
}
