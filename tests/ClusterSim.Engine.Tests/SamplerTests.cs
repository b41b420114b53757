using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// Every sampler's sample mean and variance against its formula. Tolerances are five standard errors:
/// mean SE = sigma / sqrt(N); variance SE = sigma^2 * sqrt((kurtosis - 1) / N). Seeds are fixed, so the
/// tests are deterministic; five standard errors keep them honest for any seed.
/// </summary>
public sealed class SamplerTests
{
    private const int N = 200_000;

    private static void AssertMoments(Func<RandomStream, double> draw, double mean, double variance, double kurtosis, ulong seed = 1)
    {
        var rng = new RandomStream(seed);
        double sum = 0, sumSq = 0;
        var xs = new double[N];
        for (var i = 0; i < N; i++)
        {
            xs[i] = draw(rng);
            sum += xs[i];
        }

        var m = sum / N;
        foreach (var x in xs)
        {
            sumSq += (x - m) * (x - m);
        }

        var v = sumSq / (N - 1);
        var meanTolerance = 5 * Math.Sqrt(variance / N);
        var varianceTolerance = 5 * variance * Math.Sqrt((kurtosis - 1) / N);
        Assert.True(Math.Abs(m - mean) <= meanTolerance, $"mean {m} vs {mean} (tolerance {meanTolerance})");
        Assert.True(Math.Abs(v - variance) <= varianceTolerance, $"variance {v} vs {variance} (tolerance {varianceTolerance})");
    }

    [Fact]
    public void Uniform_has_mean_half_the_sum_and_variance_width_squared_over_12()
    {
        // U(2, 5): mean 3.5, variance 9 / 12 = 0.75, kurtosis 1.8.
        AssertMoments(r => r.Uniform(2, 5), 3.5, 0.75, 1.8);
    }

    [Fact]
    public void Exponential_has_mean_one_over_rate_and_variance_its_square()
    {
        // rate 4: mean 0.25, variance 0.0625, kurtosis 9.
        AssertMoments(r => r.Exponential(4), 0.25, 0.0625, 9);
    }

    [Fact]
    public void Normal_has_the_given_mean_and_variance()
    {
        AssertMoments(r => r.Normal(10, 3), 10, 9, 3);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(9.0)]
    public void Gamma_has_mean_k_theta_and_variance_k_theta_squared(double shape)
    {
        // scale 1.5: mean 1.5k, variance 2.25k, kurtosis 3 + 6/k.
        AssertMoments(r => r.Gamma(shape, 1.5), 1.5 * shape, 2.25 * shape, 3 + (6 / shape));
    }

    [Fact]
    public void LogNormal_matches_its_closed_form_moments()
    {
        // mu 1, sigma 0.5: mean e^(1 + 0.125) = 3.0802; variance (e^0.25 - 1) e^(2 + 0.25) = 2.6948;
        // kurtosis e^(4s²) + 2e^(3s²) + 3e^(2s²) - 3 = e + 2e^0.75 + 3e^0.5 - 3 = 8.898.
        const double s2 = 0.25;
        var mean = Math.Exp(1 + (s2 / 2));
        var variance = (Math.Exp(s2) - 1) * Math.Exp(2 + s2);
        var kurtosis = Math.Exp(4 * s2) + (2 * Math.Exp(3 * s2)) + (3 * Math.Exp(2 * s2)) - 3;
        AssertMoments(r => r.LogNormal(1, 0.5), mean, variance, kurtosis);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(3.5)]
    [InlineData(9.99)]
    [InlineData(10.0)]
    [InlineData(47.0)]
    [InlineData(2500.0)]
    public void Poisson_has_mean_and_variance_lambda_on_both_sides_of_the_method_switch(double lambda)
    {
        AssertMoments(r => r.Poisson(lambda), lambda, lambda, 3 + (1 / lambda));
    }

    [Theory]
    [InlineData(20, 0.1)]
    [InlineData(100, 0.9)]
    [InlineData(1_000, 0.3)]
    [InlineData(1_000_000, 0.4)]
    [InlineData(5_000_000, 0.00001)]
    public void Binomial_has_mean_np_and_variance_npq_for_small_and_large_np(long n, double p)
    {
        var q = 1 - p;
        var variance = n * p * q;
        AssertMoments(r => r.Binomial(n, p), n * p, variance, 3 + ((1 - (6 * p * q)) / variance));
    }

    [Fact]
    public void Binomial_edge_cases_are_exact()
    {
        var r = new RandomStream(3);
        Assert.Equal(0, r.Binomial(0, 0.5));
        Assert.Equal(0, r.Binomial(10, 0));
        Assert.Equal(10, r.Binomial(10, 1));
    }

    [Fact]
    public void Multinomial_counts_sum_to_trials_and_average_n_times_p()
    {
        // Weights 1, 0, 3, 6 (sum 10), 1,000 trials: means 100, 0, 300, 600; the zero-weight category stays 0.
        var r = new RandomStream(5);
        double[] weights = [1, 0, 3, 6, 0];
        var counts = new long[weights.Length];
        var totals = new double[weights.Length];
        const int draws = 20_000;
        for (var i = 0; i < draws; i++)
        {
            r.Multinomial(1_000, weights, counts);
            Assert.Equal(1_000, counts.Sum());
            for (var k = 0; k < counts.Length; k++)
            {
                totals[k] += counts[k];
            }
        }

        double[] expected = [100, 0, 300, 600, 0];
        for (var k = 0; k < weights.Length; k++)
        {
            // SE of the mean count = sqrt(n p q / draws); for p = 0.6: sqrt(240 / 20,000) = 0.11.
            var p = weights[k] / 10;
            var se = Math.Sqrt(1_000 * p * (1 - p) / draws);
            Assert.True(Math.Abs((totals[k] / draws) - expected[k]) <= (5 * se) + 1e-12, $"category {k}: {totals[k] / draws}");
        }
    }

    [Fact]
    public void Multinomial_never_gives_trials_to_a_trailing_zero_weight_category_despite_rounding()
    {
        // 0.1 + 0.2 + 0.3 leaves a rounding remainder when subtracted back; the last category has weight 0.
        var r = new RandomStream(9);
        double[] weights = [0.1, 0.2, 0.3, 0];
        var counts = new long[4];
        for (var i = 0; i < 5_000; i++)
        {
            r.Multinomial(50, weights, counts);
            Assert.Equal(0, counts[3]);
            Assert.Equal(50, counts.Sum());
        }
    }

    [Theory]
    [InlineData(1000, 1.1)]
    [InlineData(1000, 1.0)]
    [InlineData(50, 0.6)]
    [InlineData(20, 0.0)]
    public void Zipf_sample_mean_and_variance_match_the_exact_distribution(int n, double s)
    {
        // Exact moments from the pmf p_k = (k+1)^-s / H(n, s), k = 0..n-1.
        var weights = Enumerable.Range(1, n).Select(k => Math.Pow(k, -s)).ToArray();
        var h = weights.Sum();
        var mean = weights.Select((w, k) => k * w / h).Sum();
        var variance = weights.Select((w, k) => (k - mean) * (k - mean) * w / h).Sum();
        var m4 = weights.Select((w, k) => Math.Pow(k - mean, 4) * w / h).Sum();
        var zipf = new ZipfDistribution(n, s);
        Assert.Equal(mean, zipf.Mean(), 6);
        Assert.Equal(variance, zipf.Variance(), 4);
        AssertMoments(r => zipf.Sample(r), mean, variance, m4 / (variance * variance));
    }

    [Fact]
    public void Zipf_rank_frequencies_match_the_probabilities()
    {
        var zipf = new ZipfDistribution(8, 1.2);
        AssertFrequencies(r => zipf.Sample(r), Enumerable.Range(0, 8).Select(zipf.Probability).ToArray());
    }

    [Fact]
    public void Alias_table_frequencies_match_the_normalized_weights()
    {
        double[] weights = [5, 0, 1, 2.5, 0.5, 1];
        var table = new AliasTable(weights);
        AssertFrequencies(r => table.Sample(r), weights.Select(w => w / 10).ToArray());
    }

    [Fact]
    public void Alias_table_refuses_all_zero_or_negative_weights()
    {
        Assert.Throws<ArgumentException>(() => new AliasTable([0.0, 0.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AliasTable([1.0, -1.0]));
    }

    private static void AssertFrequencies(Func<RandomStream, int> draw, double[] probabilities)
    {
        var rng = new RandomStream(77);
        var counts = new int[probabilities.Length];
        for (var i = 0; i < N; i++)
        {
            counts[draw(rng)]++;
        }

        for (var k = 0; k < probabilities.Length; k++)
        {
            var p = probabilities[k];
            var se = Math.Sqrt(p * (1 - p) / N);
            var f = (double)counts[k] / N;
            Assert.True(Math.Abs(f - p) <= (5 * se) + 1e-12, $"index {k}: frequency {f} vs {p}");
        }
    }

    [Fact]
    public void NextInt_with_bounds_covers_the_full_int_range_without_overflow()
    {
        var r = new RandomStream(1);
        var sawNegative = false;
        var sawPositive = false;
        for (var i = 0; i < 1000; i++)
        {
            var x = r.NextInt(int.MinValue, int.MaxValue);
            sawNegative |= x < 0;
            sawPositive |= x > 0;
        }

        Assert.True(sawNegative && sawPositive);
        Assert.Equal(7, r.NextInt(7, 7));
    }

    [Fact]
    public void Poisson_and_Binomial_refuse_parameters_that_are_not_numbers_instead_of_hanging()
    {
        var r = new RandomStream(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Poisson(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Poisson(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Binomial(10, double.NaN));
    }

    [Fact]
    public void Binomial_by_transformed_rejection_matches_the_exact_pmf_point_by_point()
    {
        // n = 40, p = 0.35: n·p = 14 takes the BTRS branch; pmf(k) = C(40, k) 0.35^k 0.65^(40-k).
        const int n = 40;
        var pmf = new double[n + 1];
        for (var k = 0; k <= n; k++)
        {
            pmf[k] = Math.Exp(LogChoose(n, k) + (k * Math.Log(0.35)) + ((n - k) * Math.Log(0.65)));
        }

        AssertFrequencies(r => (int)r.Binomial(n, 0.35), pmf);
    }

    [Fact]
    public void Poisson_by_transformed_rejection_matches_the_exact_pmf_point_by_point()
    {
        // mean 15 takes the PTRS branch; pmf(k) = e^-15 15^k / k!, truncated at 60 (the tail beyond is below 1e-14).
        var pmf = new double[61];
        for (var k = 0; k <= 60; k++)
        {
            pmf[k] = Math.Exp(-15 + (k * Math.Log(15)) - LogFactorial(k));
        }

        AssertFrequencies(r => (int)Math.Min(r.Poisson(15), 60), pmf);
    }

    private static double LogFactorial(int k) => Enumerable.Range(1, k).Sum(i => Math.Log(i));

    private static double LogChoose(int n, int k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
}
