using BenchmarkDotNet.Attributes;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Benchmarks.Serving;

/// <summary>
/// The cost of pricing one step (the simulator's hot path) with each way of pricing GEMMs: the plain roofline (one
/// efficiency scalar), the GEMM tile model (DeepGEMM's tile selection over 15 widths per GEMM), and the tile model
/// behind H800's kernel tables (a table lookup first), and those tables with the low-latency all-to-all's tables read
/// for dispatch and combine too ("tables-a2a", on a flow-model line of 10 µs + 0.02 ns/B). DeepSeek-V3 decode on one
/// EP16 instance, 32 requests per rank at 2,000 tokens of context, two micro-batches. Measured as ratios in one run;
/// the step itself allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class StepPricingBenchmarks
{
    private StepPricer _pricer = null!;
    private StepBatch _batch = null!;

    /// <summary>How GEMMs are priced.</summary>
    [Params("roofline", "tile-model", "tables", "tables-a2a")]
    public string Gemms { get; set; } = "roofline";

    [GlobalSetup]
    public void Build()
    {
        var catalog = ClusterSim.Tests.TestCatalog.Repository;
        var model = ModelCatalog.Of(catalog).Load("deepseek-v3");
        var h800 = HardwareCatalog.Of(catalog).Load("h800");
        var spec = Gemms == "roofline" ? h800 with { GemmTiles = null } : h800;
        var allToAll = Gemms == "tables-a2a";
        var tables = Gemms is "tables" or "tables-a2a" ? KernelTables.Load(KernelTables.DirectoryOf(catalog), "h800") : null;
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 16, 16, 1, 0, 16), model.Precision);
        var moe = model.Moe!;
        _pricer = new StepPricer(
            costs,
            new RooflineModel(spec),
            allToAll ? new CommunicationCosts(10_000, 0.02, 0, 0, AllToAllCrossesNodes: true) : CommunicationCosts.None,
            ExpertLoadSampler.Uniform(moe.RoutedExperts, moe.ExpertsPerToken, new RandomStream(1)),
            new StepPricerOptions(2, CudaGraphs: true, DraftTokens: 0, RoutingSamplesPerStep: 2, EpGroups: 1, Kernels: tables, MaskedGroupedGemm: true, AllToAll: allToAll ? AllToAllKernels.LowLatency : AllToAllKernels.None));
        _batch = new StepBatch(16);
        foreach (var rank in _batch.Ranks)
        {
            rank.TokensPerDecode = 1;
            for (var i = 0; i < 32; i++)
            {
                rank.AddDecode(new RequestState(i, default, 1800, 400, null) { PrefilledTokens = 1800, GeneratedTokens = 200 });
            }
        }
    }

    /// <summary>Prices one decode step.</summary>
    [Benchmark]
    public long Price()
    {
        var cost = default(StepCost);
        _pricer.Price(_batch, ref cost);
        return cost.Duration.Nanoseconds;
    }
}
