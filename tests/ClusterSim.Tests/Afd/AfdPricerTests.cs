using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using Xunit;
using HardwareCatalog = ClusterSim.Tests.Hardware.Catalog;
using ModelCatalog = ClusterSim.Tests.Models.Catalog;

namespace ClusterSim.Tests.Afd;

public sealed class AfdPricerTests
{
    private static readonly ModelArchitecture DeepSeek = ModelCatalog.Load("deepseek-v3");
    private static readonly RooflineModel H200 = new(HardwareCatalog.Load("h200"));

    [Fact]
    public void Pipeline_is_k_times_the_slowest_stage_once_the_ping_pong_is_full()
    {
        // Stages A = 10, D = 2, F = 6, C = 2 (µs). k = 1: no overlap, A + D + F + C = 20 and no fill.
        // k = 2: max(2·10, 20) = 20 per layer, fill 20 − 10 = 10 once. k = 3: 3·10 = 30 (attention-bound), fill 10.
        Assert.Equal((20.0, 0.0), AfdStepPricer.Pipeline(10, 2, 6, 2, 1));
        Assert.Equal((20.0, 10.0), AfdStepPricer.Pipeline(10, 2, 6, 2, 2));
        Assert.Equal((30.0, 10.0), AfdStepPricer.Pipeline(10, 2, 6, 2, 3));
        // Backpressure: a slow expert side (F = 15) sets the pace whatever the attention side does: 3·15 = 45.
        Assert.Equal((45.0, 14.0), AfdStepPricer.Pipeline(10, 2, 15, 2, 3));
    }

    [Fact]
    public void Transfers_price_the_uniform_pattern_that_loads_the_busiest_endpoint_as_much()
    {
        // M = 4 attention ranks, N = 2 expert ranks, alpha 5,000 ns, 0.02 ns per byte (50 GB/s).
        // Uniform pattern: each expert rank receives M/N = 2× what one attention rank sends, so an expert rank
        // receiving 3 MB stands for attention ranks sending 3 MB · N/M = 1.5 MB each; that beats the 1 MB actually sent.
        // Time = 5,000 + 1.5e6 · 0.02 = 35,000 ns.
        var afd = new AfdCommunication(5_000, 0.02, 7_000, 0.04, 4, 2);
        Assert.Equal(35_000, afd.DispatchNs(1e6, 3e6), 9);
        // Combine: the busiest attention rank receives 2 MB; an expert rank sending 3 MB stands for 1.5 MB.
        // 7,000 + 2e6 · 0.04 = 87,000 ns.
        Assert.Equal(87_000, afd.CombineNs(2e6, 3e6), 9);
        Assert.Equal(0, afd.DispatchNs(0, 0));
    }

    [Fact]
    public void Price_with_unbounded_bandwidth_and_one_micro_batch_equals_colocated_ep_on_the_same_ranks()
    {
        // Co-located: DP8 attention and EP8 experts on the same 8 GPUs, layer = attention + experts (no communication).
        // AFD with M = N = 8, free transfers and k = 1: layer = A + 0 + F + 0, the same sum. The same routing seed
        // draws the same expert counts, so the two agree to rounding; the stated tolerance is 0.5 %.
        var costs = new OperatorCostModel(DeepSeek, new ParallelPlan(1, 8, 8), DeepSeek.Precision);
        var colocated = new StepPricer(costs, H200, CommunicationCosts.None, new StepPricerOptions(1, true, 0, 2, 1), Router(costs, 8));
        var afd = new AfdStepPricer(costs, H200, H200, CommunicationCosts.None, AfdCommunication.Unbounded(8, 8), Router(costs, 8), new AfdPricerOptions(1, true, 2));
        var batch = DecodeBatch(ranks: 8, requestsPerRank: 64, context: 2000);
        var a = default(StepCost);
        var b = default(StepCost);
        colocated.Price(batch, ref a);
        afd.Price(batch, ref b);
        Assert.True(a.Duration.Nanoseconds > 1_000_000, $"a decode step of 512 requests takes milliseconds, got {a.Duration}");
        Assert.Equal(a.Duration.Nanoseconds, b.Duration.Nanoseconds, a.Duration.Nanoseconds * 0.005);
        Assert.Equal(a.TokensPerExpert, b.TokensPerExpert, 9);
    }

    [Fact]
    public void Price_ping_pong_hides_transfers_that_one_micro_batch_exposes()
    {
        var costs = new OperatorCostModel(DeepSeek, new ParallelPlan(1, 8, 8), DeepSeek.Precision);
        // 25 GB/s per attention rank, 20 µs alpha: transfers comparable to a layer's compute.
        var comm = new AfdCommunication(20_000, 0.04, 20_000, 0.04, 8, 8);
        var batch = DecodeBatch(ranks: 8, requestsPerRank: 128, context: 2000);
        var one = PriceAfd(costs, comm, 1, batch);
        var three = PriceAfd(costs, comm, 3, batch);
        var free = PriceAfd(costs, AfdCommunication.Unbounded(8, 8), 1, batch);
        Assert.True(one.Duration > free.Duration, "transfers cost time with one micro-batch");
        Assert.True(three.Duration < one.Duration, $"three micro-batches {three.Duration} should beat one {one.Duration}");
        foreach (var cost in new[] { one, three })
        {
            // The split adds up to the duration (within the nanosecond ceiling and the launch overhead's rounding).
            var parts = cost.ComputeBoundNs + cost.MemoryBoundNs + cost.CommunicationNs + cost.ImbalanceNs;
            Assert.Equal(cost.Duration.Nanoseconds, parts, cost.Duration.Nanoseconds * 0.001);
        }
    }

    [Fact]
    public void Price_charges_a_rebalance_pause_to_the_step_after_it()
    {
        // One replica moves per rank at 0.02 ns per byte plus 10 µs: the step at the re-placement grows by that pause.
        var costs = new OperatorCostModel(DeepSeek, new ParallelPlan(1, 8, 8, 1, 0, 8), DeepSeek.Precision);
        var clock = SimTime.Zero;
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1, Drift: DriftKind.Rotate, DriftRate: 2), 256, DeepSeek.LayerCounts.Moe, new RandomStream(1));
        var router = new ExpertRouter(
            popularity,
            new RoutingSampler(256, 8, 1, 1, new RandomStream(2)),
            PlacementKind.Eplb,
            new ExpertRebalanceSpec(SimDuration.FromSeconds(1), SimDuration.FromSeconds(0.5)),
            8,
            costs.ExpertsPerRank,
            new ExpertMigrationCost(44_040_192, 10_000, 0.02),
            () => clock);
        var pricer = new StepPricer(costs, H200, CommunicationCosts.None, new StepPricerOptions(1, true, 0, 58, 1), router);
        var batch = DecodeBatch(ranks: 8, requestsPerRank: 64, context: 1000);
        for (var t = 0.55; t < 1; t += 0.05)
        {
            clock = SimTime.Zero + SimDuration.FromSeconds(t);
            var quiet = default(StepCost);
            pricer.Price(batch, ref quiet);
            Assert.Equal(0, quiet.ExpertMigrationNs);
        }

        clock = SimTime.Zero + SimDuration.FromSeconds(1);
        var cost = default(StepCost);
        pricer.Price(batch, ref cost);
        Assert.True(router.Statistics.ReplicasMoved > 0, "drifted popularity moves replicas");
        Assert.Equal(router.Statistics.MigrationPauseNs, cost.ExpertMigrationNs, 6);
        Assert.True(cost.ExpertMigrationNs >= 10_000 + (44_040_192 * 0.02), "at least one replica's bytes over the bandwidth");
        Assert.True(cost.CommunicationNs >= cost.ExpertMigrationNs);
    }

    private static StepCost PriceAfd(OperatorCostModel costs, AfdCommunication comm, int microBatches, StepBatch batch)
    {
        var pricer = new AfdStepPricer(costs, H200, H200, CommunicationCosts.None, comm, Router(costs, 8), new AfdPricerOptions(microBatches, true, 2));
        var cost = default(StepCost);
        pricer.Price(batch, ref cost);
        return cost;
    }

    private static ExpertRouter Router(OperatorCostModel costs, int ranks)
    {
        var popularity = ExpertPopularity.Fixed(Enumerable.Repeat(1.0, 256).ToArray());
        return new ExpertRouter(popularity, new RoutingSampler(256, 8, 1, 1, new RandomStream(5)), PlacementKind.Contiguous, ExpertRebalanceSpec.Off, ranks, costs.ExpertsPerRank, new ExpertMigrationCost(0, 0, 0), () => SimTime.Zero);
    }

    internal static StepBatch DecodeBatch(int ranks, int requestsPerRank, int context)
    {
        var batch = new StepBatch(ranks);
        var id = 0;
        for (var r = 0; r < ranks; r++)
        {
            for (var i = 0; i < requestsPerRank; i++)
            {
                var request = new RequestState(id++, SimTime.Zero, context, 100, null) { PrefilledTokens = context, GeneratedTokens = 1 };
                batch.Ranks[r].AddDecode(request);
            }
        }

        return batch;
    }
}
