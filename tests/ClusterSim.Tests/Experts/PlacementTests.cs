using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class PlacementTests
{
    [Fact]
    public void Plan_replicates_the_hottest_expert_and_packs_by_hand()
    {
        // Loads [8, 2, 1, 1] on 2 ranks × 3 slots (2 redundant). Replication: expert 0 (8/1) gets a copy, then still
        // leads (8/2 = 4 > 2) and gets another: replicas (3, 1, 1, 1), expert 0's copies carry 8/3 each.
        // Packing heaviest first onto the least-loaded rank with room (ties to the lower rank):
        // 8/3 → r0, 8/3 → r1, 8/3 → r0 (5.33 | 2.67), 2 → r1 (5.33 | 4.67), 1 → r1 (5.33 | 5.67, r1 full), 1 → r0.
        // Ranks 19/3 and 17/3 of a total 12: Γ = (19/3) / 6 = 19/18. Contiguous ({0,1} | {2,3}) gives 10 / 6 = 5/3.
        var planner = new EplbPlanner(4, 2, 3);
        var placement = new ExpertPlacement(4, 2, 3);
        double[] load = [8, 2, 1, 1];
        planner.Plan(load, placement);
        Assert.Equal([3, 1, 1, 1], Enumerable.Range(0, 4).Select(placement.ReplicasOf).ToArray());
        var scratch = new double[2];
        Assert.Equal(19.0 / 18, placement.ExpectedRankImbalance(load, scratch), 12);
        Assert.Equal(5.0 / 3, ExpertPlacement.Contiguous(4, 2, 3).ExpectedRankImbalance(load, scratch), 12);
    }

    [Fact]
    public void Distribute_splits_a_replicated_experts_tokens_evenly_and_conserves_them()
    {
        // Expert 0's 7 tokens split 4 + 3 over slots 0 and 2.
        var (slots, loads) = Distributed([0, 1, 0, 2]);
        Assert.Equal([4, 3, 3, 5], slots);
        Assert.Equal([7L, 8L], loads);
    }

    [Fact]
    public void Distribute_follows_a_re_placement_that_unreplicates_and_moves_experts()
    {
        // First expert 0 on slots 0 and 2; then a re-placement moves it to slot 3 alone and expert 2 to slots 0 and 2.
        // Every expert's slot must come from the placement in force, not a copy kept from before: expert 2's 5 tokens
        // split 3 + 2 over slots 0 and 2, expert 0's 7 on slot 3, expert 1's 3 on slot 1.
        var (slots, loads) = Distributed([0, 1, 0, 2], [2, 1, 2, 0]);
        Assert.Equal([3, 3, 2, 7], slots);
        Assert.Equal([6L, 9L], loads);
    }

    [Fact]
    public void Contiguous_matches_the_original_rank_layout()
    {
        var placement = ExpertPlacement.Contiguous(256, 32, 9);
        for (var e = 0; e < 256; e++)
        {
            var slot = placement.SlotExperts.IndexOf(e);
            Assert.Equal(e / 8, slot / 9);
        }

        Assert.Equal(32 * 9 - 256, placement.SlotExperts.ToArray().Count(s => s < 0));
    }

    [Fact]
    public void Eplb_lowers_rank_imbalance_versus_contiguous_under_zipf()
    {
        // DeepSeek-V3 shape: 256 experts + 32 redundant slots on EP32 (9 slots per rank), Zipf s = 1, 8,192 tokens.
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1), 256, 1, new RandomStream(4));
        var routers = new ExpertTestRouters();
        var contiguous = routers.Create(popularity, 8, 32, 9, PlacementKind.Contiguous, seed: 1);
        var eplb = routers.Create(popularity, 8, 32, 9, PlacementKind.Eplb, seed: 1);
        double contiguousGamma = 0, eplbGamma = 0;
        for (var i = 0; i < 20; i++)
        {
            contiguousGamma += ExpertTestRouters.Route(contiguous, 8192).Rank / 20;
            eplbGamma += ExpertTestRouters.Route(eplb, 8192).Rank / 20;
        }

        // The hottest expert alone holds 1/H_256 ≈ 16 % of the copies, so one rank without replicas carries at least
        // 0.16·32 ≈ 5× the mean; EPLB spreads it over replicas. Sampling noise at 2,048 copies per rank adds ~0.1.
        Assert.True(contiguousGamma > 4.5, $"contiguous Γ {contiguousGamma}");
        Assert.True(eplbGamma < 1.35, $"EPLB Γ {eplbGamma}");
    }

    [Fact]
    public void Rebalance_charges_migration_as_bytes_over_bandwidth()
    {
        // Popularity [0.5, 0.3, 0.15, 0.05] on 2 ranks × 2 slots. Initial EPLB: 0.5 → r0, 0.3 → r1, 0.15 → r1, 0.05 → r0:
        // r0 {0, 3}, r1 {1, 2}. Rotating by one place (rate 1/s, so from t = 1 s) makes expert 3 the hottest:
        // loads [0.3, 0.15, 0.05, 0.5]; the old placement then gives 0.8 | 0.2 (Γ 1.6). The new plan packs 0.5 (e3) → bin0,
        // 0.3 (e0) → bin1, 0.15 (e1) → bin1, 0.05 (e2) → bin0: {3, 2} | {0, 1}. Bin {3, 2} overlaps both old ranks by
        // one expert and takes r0; r0 receives e2 and r1 receives e0: one replica each.
        // One replica of DeepSeek-V3 in FP8: 3·d·f·b = 3 · 7168 · 2048 · 1 = 44,040,192 bytes. At 50 GB/s
        // (0.02 ns per byte) and alpha 10 µs: 10,000 + 44,040,192 · 0.02 = 890,803.84 ns.
        var spec = new ExpertRoutingSpec(Drift: DriftKind.Rotate, DriftRate: 1);
        var popularity = ExpertPopularity.Create(spec with { Popularity = PopularityKind.Empirical }, 4, 1, new RandomStream(1), new ExpertHistogram(new Dictionary<int, double[]> { [0] = [0.5, 0.3, 0.15, 0.05] }, "test"));
        var bytes = 3.0 * 7168 * 2048 * 1;
        var routers = new ExpertTestRouters();
        var router = routers.Create(
            popularity,
            2,
            2,
            2,
            PlacementKind.Eplb,
            new ExpertRebalanceSpec(SimDuration.FromSeconds(2), SimDuration.FromSeconds(0.8)),
            new ExpertMigrationCost(bytes, 10_000, 0.02));
        Assert.Equal([0, 3, 1, 2], router.PlacementOf(0).SlotExperts.ToArray());
        for (var t = 1.2; t < 2; t += 0.1)
        {
            routers.Now = SimTime.Zero + SimDuration.FromSeconds(t);
            Assert.Equal(0, router.BeginStep());
            ExpertTestRouters.Route(router, 100_000);
        }

        routers.Now = SimTime.Zero + SimDuration.FromSeconds(2);
        var pause = router.BeginStep();
        Assert.Equal(10_000 + (44_040_192 * 0.02), pause, 1e-6);
        Assert.Equal([3, 2, 0, 1], router.PlacementOf(0).SlotExperts.ToArray());
        Assert.Equal(1, router.Statistics.Rebalances);
        Assert.Equal(2, router.Statistics.ReplicasMoved);
        Assert.Equal(2 * bytes, router.Statistics.MigrationBytes);
        Assert.Equal(1.6, router.Statistics.ImbalanceBeforeSum, 0.02);
        Assert.Equal(0, router.BeginStep());
    }

    [Fact]
    public void Rebalance_skips_layers_whose_gain_is_below_the_threshold()
    {
        var popularity = ExpertPopularity.Fixed(ExpertTestRouters.Zipf(16, 1));
        var routers = new ExpertTestRouters();
        var router = routers.Create(popularity, 2, 4, 5, PlacementKind.Eplb, new ExpertRebalanceSpec(SimDuration.FromSeconds(1), SimDuration.FromSeconds(1), MinGain: 0.5));
        for (var t = 0.1; t < 1; t += 0.1)
        {
            routers.Now = SimTime.Zero + SimDuration.FromSeconds(t);
            router.BeginStep();
            ExpertTestRouters.Route(router, 50_000);
        }

        routers.Now = SimTime.Zero + SimDuration.FromSeconds(1);
        Assert.Equal(0, router.BeginStep());
        Assert.Equal(0, router.Statistics.Rebalances);
    }

    // Three experts on 2 ranks × 2 slots, placed by each slot list in turn, then 7, 3 and 5 tokens routed to them.
    private static (int[] Slots, long[] Loads) Distributed(params int[][] placements)
    {
        var placement = new ExpertPlacement(3, 2, 2);
        foreach (var slotExperts in placements)
        {
            placement.SetSlots(slotExperts);
        }

        var loads = new long[2];
        var slots = new int[4];
        placement.Distribute([7, 3, 5], loads, slots);
        return (slots, loads);
    }
}
