using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class RoutingImbalanceTests
{
    [Fact]
    public void RouteNextLayer_uniform_large_batch_gives_imbalance_close_to_one()
    {
        // E = 256, k = 8, B = 100,000: 800,000 copies, mean 3,125 per expert, sd ≈ √3,125 ≈ 55.9. The max of 256 such
        // counts sits about 2.8 sd above the mean (Γ ≈ 1.05); 5 sd is exceeded by any of them with probability
        // 256 · 2.9e-7 ≈ 7e-5, so the bound is Γ ≤ 1 + 5·√(E/(B·k)) = 1.0894.
        // Per EP rank (32 ranks of 8 experts, mean 25,000): Γ ≤ 1 + 5·√(32/800,000) = 1.0316.
        var routers = new ExpertTestRouters();
        var router = routers.Create(ExpertPopularity.Fixed(Enumerable.Repeat(1.0, 256).ToArray()), 8, 32, 8);
        for (var i = 0; i < 20; i++)
        {
            var (expert, rank) = ExpertTestRouters.Route(router, 100_000);
            Assert.InRange(expert, 1.0, 1 + (5 * Math.Sqrt(256.0 / 800_000)));
            Assert.InRange(rank, 1.0, 1 + (5 * Math.Sqrt(32.0 / 800_000)));
        }
    }

    [Fact]
    public void RouteNextLayer_zipf_gives_the_imbalance_its_popularity_implies()
    {
        // Zipf s = 1.2 over E = 64: weights 1/i^1.2, normalised by H = Σ_{i=1..64} 1/i^1.2. The hottest expert's share
        // is 1/H, so the expected Γ = max/mean = (1/H) / (1/64) = 64/H. H is summed here by hand as the loop below.
        double h = 0;
        for (var i = 1; i <= 64; i++)
        {
            h += 1 / Math.Pow(i, 1.2);
        }

        var expected = 64 / h;
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1.2), 64, 1, new RandomStream(3));
        var router = new ExpertTestRouters().Create(popularity, 4, 8, 8);
        // B·k = 4,000,000 copies: the hottest expert's count has relative sd ≈ 1/√(4e6/H) ≈ 0.1 %, so 1 % is ample.
        for (var i = 0; i < 5; i++)
        {
            var (gamma, _) = ExpertTestRouters.Route(router, 1_000_000);
            Assert.Equal(expected, gamma, expected * 0.01);
        }

        Assert.InRange(expected, 15, 20);
    }

    [Fact]
    public void Create_zipf_shuffles_hot_experts_per_layer_but_keeps_the_weights()
    {
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1), 32, 3, new RandomStream(9));
        var sorted = ExpertTestRouters.Zipf(32, 1).Select(w => w / ExpertTestRouters.Zipf(32, 1).Sum()).ToArray();
        for (var l = 0; l < 3; l++)
        {
            var weights = popularity.Initial(l).ToArray();
            Assert.Equal(sorted, weights.OrderByDescending(w => w).ToArray(), new ToleranceComparer(1e-12));
        }

        var hottest = Enumerable.Range(0, 3).Select(l => Array.IndexOf(popularity.Initial(l).ToArray(), popularity.Initial(l).ToArray().Max())).Distinct().Count();
        Assert.True(hottest > 1, "three layers with the same hottest index: shuffling is per layer");
    }

    [Fact]
    public void Sample_conserves_token_copies_in_every_form()
    {
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.LogNormal, Sigma: 1), 256, 1, new RandomStream(5));
        var plain = new RoutingSampler(256, 8, 1, 1, new RandomStream(1));
        var grouped = new RoutingSampler(256, 8, 8, 4, new RandomStream(1));
        var counts = new long[256];
        foreach (var tokens in new long[] { 1, 7, 1000, 123_457 })
        {
            plain.Sample(popularity.Initial(0), tokens, counts);
            Assert.Equal(tokens * 8, counts.Sum());
            grouped.Sample(popularity.Initial(0), tokens, counts);
            Assert.Equal(tokens * 8, counts.Sum());
            Assert.Equal(tokens * 4, grouped.LastGroupPicks.ToArray().Sum());
        }
    }

    [Fact]
    public void Sample_group_limited_never_routes_a_token_to_more_than_topk_group_groups()
    {
        // DeepSeek-V3: 256 experts in n_group = 8 groups of 32, topk_group = 4, k = 8. One token picks 4 group slots,
        // so its 8 copies land in at most 4 groups; for any batch, copies land only in groups that were picked.
        var sampler = new RoutingSampler(256, 8, 8, 4, new RandomStream(11));
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1), 256, 1, new RandomStream(2));
        var counts = new long[256];
        for (var i = 0; i < 2000; i++)
        {
            var tokens = i % 2 == 0 ? 1 : 1 + (i % 5);
            sampler.Sample(popularity.Initial(0), tokens, counts);
            var groupsHit = 0;
            for (var g = 0; g < 8; g++)
            {
                var copies = counts.AsSpan(g * 32, 32).ToArray().Sum();
                if (copies > 0)
                {
                    groupsHit++;
                    Assert.True(sampler.LastGroupPicks[g] > 0, $"group {g} received {copies} copies without being picked");
                }
            }

            Assert.InRange(groupsHit, 1, Math.Min(8, tokens * 4));
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
