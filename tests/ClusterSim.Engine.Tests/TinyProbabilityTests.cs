using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// Probabilities below about 1.1e-16, where 1 − p rounds to 1: the waiting-time binomial took log(1 − p) = 0, every
/// waiting time became −∞ and the draw never returned. The scenario fuzzer found it as a hung run (expert popularity
/// drifting as a random walk until most of Mixtral's eight experts weighed under 1e-16).
/// </summary>
public class TinyProbabilityTests
{
    [Theory]
    [InlineData(1e-17)]
    [InlineData(1e-100)]
    [InlineData(4.9e-324)]
    public void A_binomial_with_a_probability_too_small_for_one_minus_p_returns_no_success(double p)
    {
        var random = new RandomStream(5);

        // The mean is at most 1e5 × 1e-17 = 1e-12: no success in a thousand draws but with probability 1e-9.
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(0, random.Binomial(100_000, p));
        }
    }

    [Fact]
    public void A_multinomial_with_weights_far_below_the_largest_puts_every_trial_on_the_largest()
    {
        // Relative weights as a drifted popularity leaves them: the conditional chain meets p = 1e-20 / (1 + ...) first.
        double[] weights = [1e-20, 1e-30, 1, 1e-18];
        var sampler = new MultinomialSampler(weights.Length);
        var counts = new long[weights.Length];

        sampler.Sample(new RandomStream(3), 4_096, weights, counts);

        Assert.Equal([0, 0, 4_096, 0], counts);
    }
}
