using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// <see cref="MultinomialSampler"/> against the exact distribution by chi-square at significance 0.001 (see
/// <see cref="ChiSquare"/>), with fixed seeds so every run sees the same draws: each expert's count against its binomial
/// pmf, the counts summed over draws against the multinomial, every outcome of a tiny case, and the same tests
/// rejecting a known skew. Trial counts cover both of its methods: per-trial alias draws up to
/// <see cref="MultinomialSampler.AliasTrialsPerCategory"/> trials per category (4,096 over 256 experts) and the
/// conditional-binomial chain above (inversion below n·p = 10, BTRS above, the skew-corrected normal from
/// n·p·q = 30), with the boundary itself on both sides and each method also forced outside its range.
/// </summary>
public class MultinomialSamplerTests
{
    private static readonly long[] TrialCounts = [0, 1, 7, 100, 512, 4_096, 4_097, 32_768, 250_000, 3_000_000];

    public static TheoryData<string> Popularities => new() { "uniform", "zipf", "zeros", "lognormal" };

    [Theory]
    [MemberData(nameof(Popularities))]
    public void A_reused_sampler_draws_what_a_fresh_one_draws_from_the_same_stream_state(string popularity)
    {
        // The cache may change the speed only: every call of a sampler that has seen other weights (and other trial
        // counts) must give exactly what a sampler that never drew before gives from the same stream state.
        var weights = Weights(popularity, 256, 1);
        var other = Weights("zipf", 256, 2);
        var reused = new MultinomialSampler(256);
        var reference = new RandomStream(11);
        var stream = new RandomStream(11);
        var expected = new long[256];
        var actual = new long[256];
        for (var round = 0; round < 40; round++)
        {
            // Every fourth round another weight vector: the cache must notice and re-prepare.
            var w = round % 4 == 3 ? other : weights;
            var trials = TrialCounts[round % TrialCounts.Length];
            new MultinomialSampler(256).Sample(reference, trials, w, expected);
            reused.Sample(stream, trials, w, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(trials, actual.Sum());
        }

        Assert.Equal(reference.NextUInt64(), stream.NextUInt64());
    }

    [Theory]
    [MemberData(nameof(Popularities))]
    public void Every_trial_lands_in_a_category_with_positive_weight(string popularity)
    {
        var weights = Weights(popularity, 256, 1);
        var sampler = new MultinomialSampler(256);
        var random = new RandomStream(12);
        var counts = new long[256];
        foreach (var trials in TrialCounts)
        {
            sampler.Sample(random, trials, weights, counts);
            Assert.Equal(trials, counts.Sum());
            for (var i = 0; i < counts.Length; i++)
            {
                Assert.True(weights[i] > 0 || counts[i] == 0, $"{counts[i]} trials in zero-weight category {i}");
            }
        }
    }

    [Theory]
    [InlineData("uniform", "auto")]
    [InlineData("zipf", "auto")]
    [InlineData("zipf", "chain")]
    public void Small_counts_fit_the_exact_multinomial_over_every_outcome(string popularity, string method)
    {
        // 6 trials over 4 categories: all 84 outcomes, each with its exact multinomial probability.
        const int trials = 6;
        var weights = Weights(popularity, 4, 3);
        var p = weights.Select(w => w / weights.Sum()).ToArray();
        var outcomes = new List<int[]>();
        for (var a = 0; a <= trials; a++)
        {
            for (var b = 0; a + b <= trials; b++)
            {
                for (var c = 0; a + b + c <= trials; c++)
                {
                    outcomes.Add([a, b, c, trials - a - b - c]);
                }
            }
        }

        var probabilities = outcomes.Select(o => Multinomial(trials, o, p)).ToArray();
        var index = outcomes.Select((o, i) => (Key: Key(o), i)).ToDictionary(x => x.Key, x => x.i);
        var observed = new long[outcomes.Count];
        var random = new RandomStream(5);
        var sampler = Sampler(4, method);
        var counts = new long[4];
        const int draws = 200_000;
        for (var d = 0; d < draws; d++)
        {
            sampler.Sample(random, trials, weights, counts);
            observed[index[Key(counts.Select(x => (int)x).ToArray())]]++;
        }

        ChiSquare.AssertFits(observed, probabilities, draws, $"{popularity}, 6 trials over 4");
    }

    [Theory]
    [InlineData("uniform", 64, "auto")]
    [InlineData("zipf", 64, "auto")]
    [InlineData("zipf", 512, "auto")]
    [InlineData("lognormal", 512, "auto")]
    [InlineData("uniform", 2_400, "auto")]
    [InlineData("lognormal", 4_096, "auto")]
    [InlineData("lognormal", 4_097, "auto")]
    [InlineData("zipf", 32_768, "auto")]
    [InlineData("lognormal", 32_768, "auto")]
    [InlineData("zipf", 250_000, "auto")]
    [InlineData("uniform", 64, "chain")]
    [InlineData("zipf", 512, "chain")]
    [InlineData("uniform", 2_400, "chain")]
    [InlineData("zipf", 2_400, "chain")]
    [InlineData("lognormal", 8_192, "chain")]
    [InlineData("uniform", 32_768, "chain")]
    [InlineData("lognormal", 8_192, "alias")]
    public void Each_experts_count_fits_its_exact_binomial(string popularity, int trials, string method)
    {
        // 256 experts. "auto" is the sampler as routing uses it: up to 4,096 copies (16 per expert) one copy at a time
        // through the alias table (64 copies is n·p about 0.25, 512 about 2, 2,400 about 9.4, 4,096 the last alias
        // case), from 4,097 the chain: BTRS (exact) where 10 ≤ n·p and n·p·q < 30, the skew-corrected normal above
        // (most experts at 32,768 and 250,000 copies), inversion below n·p = 10 (a skew's cold experts and the chain's
        // later categories as the remainder shrinks). "chain" forces the chain at every size, so inversion's longest
        // searches (n·p 2 to 9.4) and BTRS (n·p·q 10 to 30 at 8,192 copies under the skew) are held to the pmf too;
        // "alias" forces the alias table at a size the chain would take. "lognormal" is the default routing skew
        // (σ = 1.01). The first category is the chain's first binomial, the last takes the remainder: both must be
        // Binomial(n, p_j).
        var weights = Weights(popularity, 256, 4);
        var sum = weights.Sum();
        int[] watched = [0, 1, 77, 200, 255];
        var observed = watched.Select(_ => new long[trials + 1]).ToArray();
        var random = new RandomStream(6);
        var sampler = Sampler(256, method);
        var counts = new long[256];

        // 5,000 draws keep the suite fast; the summed test below (4 million copies per case) and the skew test keep
        // the power to see a small bias, this one sees the shape of each marginal.
        var draws = method == "alias" || trials >= 4_000 && method == "auto" && trials <= 4_096 ? 2_500 : 5_000;
        for (var d = 0; d < draws; d++)
        {
            sampler.Sample(random, trials, weights, counts);
            for (var w = 0; w < watched.Length; w++)
            {
                observed[w][counts[watched[w]]]++;
            }
        }

        for (var w = 0; w < watched.Length; w++)
        {
            var pmf = ChiSquare.BinomialPmf(trials, weights[watched[w]] / sum);
            ChiSquare.AssertFits(observed[w], pmf, draws, $"{popularity}, {trials} trials, expert {watched[w]}");
        }
    }

    [Theory]
    [InlineData("uniform", 64, "auto")]
    [InlineData("zipf", 64, "auto")]
    [InlineData("zipf", 512, "auto")]
    [InlineData("lognormal", 4_096, "auto")]
    [InlineData("lognormal", 4_097, "auto")]
    [InlineData("zipf", 32_768, "auto")]
    [InlineData("lognormal", 32_768, "auto")]
    [InlineData("zipf", 2_400, "chain")]
    [InlineData("lognormal", 8_192, "chain")]
    public void Counts_summed_over_draws_fit_the_exact_multinomial(string popularity, int trials, string method)
    {
        // Summed over D independent draws the per-expert counts are Multinomial(D·n, p): one chi-square over all 256
        // experts (255 degrees of freedom) sees a bias spread thinly over many experts that one marginal would miss.
        var weights = Weights(popularity, 256, 8);
        var p = weights.Select(w => w / weights.Sum()).ToArray();
        var totals = new long[256];
        var counts = new long[256];
        var sampler = Sampler(256, method);
        var random = new RandomStream(9);
        var draws = 4_000_000 / trials + 200;
        for (var d = 0; d < draws; d++)
        {
            sampler.Sample(random, trials, weights, counts);
            for (var e = 0; e < 256; e++)
            {
                totals[e] += counts[e];
            }
        }

        ChiSquare.AssertFits(totals, p, (long)draws * trials, $"{popularity}, {trials} trials summed over {draws} draws");
    }

    [Theory]
    [InlineData(64, "auto")]
    [InlineData(512, "auto")]
    [InlineData(4_096, "auto")]
    [InlineData(32_768, "auto")]
    [InlineData(2_400, "chain")]
    [InlineData(8_192, "chain")]
    public void Chi_square_rejects_the_sampler_fed_a_known_skew(int trials, string method)
    {
        // The tests above have power in each regime (alias, inversion, BTRS and the skew-corrected normal): the same
        // sampler fed weights with one hot expert 10 % hotter (the others renormalised) fails both the marginal test
        // of that expert and the summed test against the unskewed popularity.
        var weights = Weights("zipf", 256, 8);
        var p = weights.Select(w => w / weights.Sum()).ToArray();
        var hot = Array.IndexOf(weights, weights.Max());
        var skewed = (double[])weights.Clone();
        skewed[hot] *= 1.1;
        var totals = new long[256];
        var hotCounts = new long[trials + 1];
        var counts = new long[256];
        var sampler = Sampler(256, method);
        var random = new RandomStream(10);
        var draws = 4_000_000 / trials + 200;
        for (var d = 0; d < draws; d++)
        {
            sampler.Sample(random, trials, skewed, counts);
            hotCounts[counts[hot]]++;
            for (var e = 0; e < 256; e++)
            {
                totals[e] += counts[e];
            }
        }

        var (summed, summedBins) = ChiSquare.Statistic(totals, p, (long)draws * trials);
        Assert.True(summed > ChiSquare.Critical(summedBins - 1), $"summed chi-square {summed:0.##} over {summedBins} bins should reject");
        var (marginal, marginalBins) = ChiSquare.Statistic(hotCounts, ChiSquare.BinomialPmf(trials, p[hot]), draws);
        Assert.True(marginal > ChiSquare.Critical(marginalBins - 1), $"marginal chi-square {marginal:0.##} over {marginalBins} bins should reject");
    }

    [Fact]
    public void Chi_square_rejects_a_sampler_that_is_off_by_one_percent()
    {
        // The test has power: Binomial(32768, p) shifted by 1 % of its mean (about 0.11 standard deviations) fails.
        const int trials = 32_768;
        var pmf = ChiSquare.BinomialPmf(trials, 1.0 / 256);
        var observed = new long[trials + 1];
        var random = new RandomStream(7);
        const int draws = 20_000;
        for (var d = 0; d < draws; d++)
        {
            observed[(int)random.Binomial(trials, 1.01 / 256)]++;
        }

        var (statistic, bins) = ChiSquare.Statistic(observed, pmf, draws);
        Assert.True(statistic > ChiSquare.Critical(bins - 1), $"chi-square {statistic:0.##} over {bins} bins should reject");
    }

    /// <summary>The sampler as routing uses it ("auto"), or forced to the chain or to the alias table at every size.</summary>
    private static MultinomialSampler Sampler(int categories, string method) => method switch
    {
        "chain" => new MultinomialSampler(categories, 0),
        "alias" => new MultinomialSampler(categories, int.MaxValue),
        _ => new MultinomialSampler(categories),
    };

    private static string Key(int[] outcome) => string.Join(',', outcome);

    private static double Multinomial(int trials, int[] outcome, double[] p)
    {
        var log = LogFactorial(trials);
        for (var i = 0; i < outcome.Length; i++)
        {
            log += (outcome[i] * Math.Log(p[i])) - LogFactorial(outcome[i]);
        }

        return Math.Exp(log);
    }

    private static double LogFactorial(int k) => Enumerable.Range(1, k).Sum(i => Math.Log(i));

    /// <summary>
    /// Uniform, Zipf with exponent 1 over shuffled ranks, Zipf with every fifth weight zero, or log-normal with σ = 1.01
    /// (expert routing's default skew).
    /// </summary>
    internal static double[] Weights(string popularity, int experts, ulong seed)
    {
        var random = new RandomStream(seed);
        if (popularity == "lognormal")
        {
            return Enumerable.Range(0, experts).Select(_ => random.LogNormal(0, 1.01)).ToArray();
        }

        var weights = Enumerable.Range(1, experts).Select(i => popularity == "uniform" ? 1.0 : 1.0 / i).ToArray();
        for (var i = experts - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (weights[i], weights[j]) = (weights[j], weights[i]);
        }

        if (popularity == "zeros")
        {
            for (var i = 0; i < experts; i += 5)
            {
                weights[i] = 0;
            }
        }

        return weights;
    }
}
