using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// <see cref="MultinomialSampler"/> (the conditional-binomial chain with cached set-up) against
/// <see cref="RandomStream.Multinomial(long, ReadOnlySpan{double}, Span{long})"/> draw for draw, and against the
/// exact distribution by chi-square at significance 0.001 (see <see cref="ChiSquare"/>), with fixed seeds.
/// </summary>
public class MultinomialSamplerTests
{
    private static readonly long[] TrialCounts = [0, 1, 7, 100, 512, 4_096, 32_768, 250_000, 3_000_000];

    public static TheoryData<string> Popularities => new() { "uniform", "zipf", "zeros" };

    [Theory]
    [MemberData(nameof(Popularities))]
    public void Draws_exactly_the_numbers_of_the_uncached_chain_and_leaves_the_stream_in_the_same_state(string popularity)
    {
        // Same seed, same uniforms, same algorithm: the cache and the log-factorial table may change the speed only.
        var weights = Weights(popularity, 256, 1);
        var other = Weights("zipf", 256, 2);
        var reference = new RandomStream(11);
        var cached = new RandomStream(11);
        var sampler = new MultinomialSampler(256);
        var expected = new long[256];
        var actual = new long[256];
        for (var round = 0; round < 40; round++)
        {
            // Every fourth round another weight vector: the cache must notice and re-prepare.
            var w = round % 4 == 3 ? other : weights;
            var trials = TrialCounts[round % TrialCounts.Length];
            reference.Multinomial(trials, w, expected);
            sampler.Sample(cached, trials, w, actual);
            Assert.Equal(expected, actual);
        }

        Assert.Equal(reference.NextUInt64(), cached.NextUInt64());
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("zipf")]
    public void Small_counts_fit_the_exact_multinomial_over_every_outcome(string popularity)
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
        var sampler = new MultinomialSampler(4);
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
    [InlineData("uniform", 512)]
    [InlineData("zipf", 512)]
    [InlineData("uniform", 32_768)]
    [InlineData("zipf", 32_768)]
    public void Each_experts_count_fits_its_exact_binomial(string popularity, int trials)
    {
        // 256 experts: 512 copies is the waiting-time regime (n·p about 2), 32,768 the BTRS one (n·p about 128). The
        // first category is the chain's first binomial, the last takes the remainder: both must be Binomial(n, p_j).
        var weights = Weights(popularity, 256, 4);
        var sum = weights.Sum();
        int[] watched = [0, 1, 77, 200, 255];
        var observed = watched.Select(_ => new long[trials + 1]).ToArray();
        var random = new RandomStream(6);
        var sampler = new MultinomialSampler(256);
        var counts = new long[256];
        const int draws = 20_000;
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

    /// <summary>Uniform, Zipf with exponent 1 over shuffled ranks, or Zipf with every fifth weight zero.</summary>
    internal static double[] Weights(string popularity, int experts, ulong seed)
    {
        var weights = Enumerable.Range(1, experts).Select(i => popularity == "uniform" ? 1.0 : 1.0 / i).ToArray();
        var random = new RandomStream(seed);
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
