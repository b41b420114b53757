using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// A pool's instances share one GEMM pricer (and its memo of per-shape prices): a step pricer using the shared one
/// prices every step exactly as a step pricer with a pricer of its own, and refuses one built for another layout.
/// </summary>
public sealed class SharedGemmPricerTests
{
    private static readonly ModelArchitecture Model = ModelCatalog.Of(TestCatalog.Repository).Load("deepseek-v3");
    private static readonly AcceleratorSpec H800 = HardwareCatalog.Of(TestCatalog.Repository).Load("h800");
    private static readonly KernelTables Tables = KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h800");

    private static StepPricer Pricer(RooflineModel roofline, GemmPricer? shared, bool masked = true)
    {
        var costs = new OperatorCostModel(Model, new ParallelPlan(1, 16, 16, 1, 0, 16), Model.Precision);
        var moe = Model.Moe!;
        var options = new StepPricerOptions(2, CudaGraphs: true, DraftTokens: 0, RoutingSamplesPerStep: 2, EpGroups: 1, Kernels: Tables, MaskedGroupedGemm: masked) { Gemms = shared };
        return new StepPricer(costs, roofline, CommunicationCosts.None, ExpertLoadSampler.Uniform(moe.RoutedExperts, moe.ExpertsPerToken, new RandomStream(7)), options);
    }

    // Rank r decodes (r + step) mod 40 + 1 requests at 1,000 + 37 r tokens of context: shapes change between steps and
    // recur after 40 of them.
    private static StepBatch Batch(int step)
    {
        var batch = new StepBatch(16);
        for (var r = 0; r < batch.Ranks.Length; r++)
        {
            var rank = batch.Ranks[r];
            rank.TokensPerDecode = 1;
            for (var i = 0; i < ((r + step) % 40) + 1; i++)
            {
                rank.AddDecode(new RequestState(i, default, 1000 + (37 * r), 400, null) { PrefilledTokens = 1000 + (37 * r), GeneratedTokens = 1 });
            }
        }

        return batch;
    }

    [Fact]
    public void A_shared_pricer_prices_every_step_as_an_own_one()
    {
        var roofline = new RooflineModel(H800);
        var shared = new GemmPricer(H800, Tables, maskedGroupedLayout: true);
        var own = Pricer(roofline, null);
        // Another instance of the pool fills the shared memo first with its own steps.
        var other = Pricer(roofline, shared);
        var sharing = Pricer(roofline, shared);
        for (var step = 0; step < 100; step++)
        {
            var batch = Batch(step);
            var warm = default(StepCost);
            other.Price(Batch(step + 13), ref warm);
            var a = default(StepCost);
            var b = default(StepCost);
            own.Price(batch, ref a);
            sharing.Price(batch, ref b);
            Assert.Equal(a.Duration, b.Duration);
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.ComputeBoundNs), BitConverter.DoubleToInt64Bits(b.ComputeBoundNs));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.MemoryBoundNs), BitConverter.DoubleToInt64Bits(b.MemoryBoundNs));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.TileModelKernelNs), BitConverter.DoubleToInt64Bits(b.TileModelKernelNs));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.MeasuredKernelNs), BitConverter.DoubleToInt64Bits(b.MeasuredKernelNs));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.InterpolatedKernelNs), BitConverter.DoubleToInt64Bits(b.InterpolatedKernelNs));
        }

        // The steps recur every 40: most GEMMs were answered from the memo.
        Assert.True(shared.MemoCounts.Hits > shared.MemoCounts.Misses);
    }

    [Fact]
    public void A_pricer_built_for_the_other_grouped_layout_is_refused()
    {
        var roofline = new RooflineModel(H800);
        var contiguous = new GemmPricer(H800, Tables, maskedGroupedLayout: false);
        Assert.Throws<ArgumentException>(() => Pricer(roofline, contiguous, masked: true));
        Assert.Throws<ArgumentException>(() => Pricer(roofline, new GemmPricer(H800, null, maskedGroupedLayout: true)));
    }
}
