using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

/// <summary>EPLB planned from a finite window of sampled tokens rather than the exact popularity.</summary>
public sealed class EplbWindowTests
{
    [Theory]
    [InlineData(100L)]
    [InlineData(1_000_000L)]
    [InlineData(0L)]
    public void Residual_imbalance_of_a_window_plan_matches_the_binomial_chance_of_replicating_the_wrong_expert(long windowTokens)
    {
        // Two experts with popularity 0.52 / 0.48 (top-1) on three ranks of one slot: the one redundant slot goes to
        // the expert the window counted more often (ties to expert 0). Right (expert 0 doubled): rank loads 0.26,
        // 0.26, 0.48, Γ = 0.48 / (1/3) = 1.44. Wrong (expert 1 doubled): 0.52, 0.24, 0.24, Γ = 1.56. The window sees
        // c0 ~ Binomial(N, 0.52) copies of expert 0, and is wrong when c0 ≤ ⌊(N − 1) / 2⌋, so
        // E[Γ] = 1.44 + 0.12 · P(c0 ≤ ⌊(N − 1) / 2⌋); N = 100: P = 0.30815, E[Γ] = 1.47698; N = 10⁶: P ≈ 0, 1.44;
        // no window (exact popularity): 1.44.
        const int layers = 4_000;
        double[] p = [0.52, 0.48];
        var popularity = ExpertPopularity.Fixed(Enumerable.Repeat(p, layers).ToArray());
        var profile = windowTokens > 0 ? new EplbLoadProfile(windowTokens, 1, 2, new RandomStream(21)) : null;
        var router = new ExpertRouter(
            popularity, new RoutingSampler(2, 1, 1, 1, new RandomStream(22)), PlacementKind.Eplb, ExpertRebalanceSpec.Off, 3, 1, new ExpertMigrationCost(0, 0, 0), () => default, profile: profile);
        var scratch = new double[3];
        var mean = Enumerable.Range(0, layers).Average(l => router.PlacementOf(l).ExpectedRankImbalance(p, scratch));

        var wrong = windowTokens > 0 ? BinomialCdf(windowTokens, 0.52, (windowTokens - 1) / 2) : 0;
        var expected = 1.44 + (0.12 * wrong);
        // Standard error of the mean over 4,000 layers: 0.12 · √(0.31 · 0.69 / 4,000) = 0.0009.
        Assert.Equal(expected, mean, 0.004);
        if (windowTokens == 100)
        {
            Assert.Equal(0.30815, wrong, 5);
        }
    }

    [Fact]
    public void The_window_draws_from_its_own_stream_so_the_routed_tokens_do_not_depend_on_its_size()
    {
        var popularity = ExpertPopularity.Create(ExpertRoutingSpec.Measured, 64, 4, new RandomStream(3));
        ExpertRouter Build(long tokens) => new(
            popularity,
            new RoutingSampler(64, 4, 1, 1, new RandomStream(4)),
            PlacementKind.Eplb,
            ExpertRebalanceSpec.Off,
            8,
            10,
            new ExpertMigrationCost(0, 0, 0),
            () => default,
            profile: new EplbLoadProfile(tokens, 4, 64, new RandomStream(5)));
        var small = Build(500);
        var large = Build(5_000_000);
        var loads = new long[8];
        var slots = new int[80];
        var placementsDiffer = false;
        for (var l = 0; l < 4; l++)
        {
            placementsDiffer |= !small.PlacementOf(l).SlotExperts.SequenceEqual(large.PlacementOf(l).SlotExperts);
            small.RouteNextLayer(2_000, loads, slots);
            var counts = small.LastCounts.ToArray();
            large.RouteNextLayer(2_000, loads, slots);
            Assert.Equal(counts, large.LastCounts.ToArray());
        }

        Assert.True(placementsDiffer, "a 500-token window and a 5M-token window plan differently");
    }

    [Fact]
    public void A_large_window_plans_close_to_the_exact_popularity_and_a_small_one_leaves_more_imbalance()
    {
        // DeepSeek's shape under the default skew, EP32 with 32 redundant slots: the expected rank Γ (on the true
        // popularity) of the plan from 409,600 tokens is within 1 % of the exact plan's; from 4,096 tokens it is worse.
        const int layers = 40;
        var popularity = ExpertPopularity.Create(ExpertRoutingSpec.Measured, 256, layers, new RandomStream(8));
        double Gamma(long tokens)
        {
            var profile = tokens > 0 ? new EplbLoadProfile(tokens, 8, 256, new RandomStream(9)) : null;
            var router = new ExpertRouter(
                popularity, new RoutingSampler(256, 8, 1, 1, new RandomStream(10)), PlacementKind.Eplb, ExpertRebalanceSpec.Off, 32, 9, new ExpertMigrationCost(0, 0, 0), () => default, profile: profile);
            var scratch = new double[32];
            return Enumerable.Range(0, layers).Average(l => router.PlacementOf(l).ExpectedRankImbalance(popularity.Initial(l), scratch));
        }

        var exact = Gamma(0);
        Assert.InRange(Gamma(MeasuredExpertSkew.EplbWindowTokens), exact * 0.99, exact * 1.01);
        Assert.True(Gamma(4_096) > exact * 1.02, "a one-iteration window leaves visibly more imbalance");
    }

    /// <summary>P(X ≤ <paramref name="k"/>) for X ~ Binomial(n, p): pmf(i + 1) = pmf(i) · (n − i) / (i + 1) · p / (1 − p).</summary>
    private static double BinomialCdf(long n, double p, long k)
    {
        var log = n * Math.Log(1 - p);
        var sum = Math.Exp(log);
        for (var i = 0L; i < k; i++)
        {
            log += Math.Log((double)(n - i) / (i + 1)) + Math.Log(p / (1 - p));
            sum += Math.Exp(log);
        }

        return sum;
    }
}
