using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Benchmarks.Experts;

/// <summary>
/// Expert routing of DeepSeek-V3 (256 experts, top-8, 58 MoE layers) on EP32 with <see cref="Tokens"/> tokens per EP
/// group (64, 512 and 4,096: 512, 4,096 and 32,768 token copies per layer, i.e. 2, 16 and 128 per expert): one layer,
/// all 58 layers of a step (RoutingSamplesPerStep = 58), and a whole decode step priced with 2 and with 58 sampled
/// layers. Results are per call. "LogNormal" is the default routing skew (σ = 1.01). <see cref="CacheLayers"/> 1 is
/// the sampler with one set-up cache shared by every layer (as before issue 18's per-layer caches), 58 (the default)
/// one cache per layer. The file uses public API only, so the same source runs against an older sampler.
/// </summary>
[MemoryDiagnoser]
public class ExpertRoutingBenchmarks
{
    private readonly long[] _loads = new long[32];
    private readonly int[] _slots = new int[32 * 9];
    private ExpertRouter _uniform = null!;
    private ExpertRouter _zipfEplb = null!;
    private ExpertRouter _grouped = null!;
    private ExpertRouter _logNormalEplb = null!;
    private StepPricer _twoSamples = null!;
    private StepPricer _allSamples = null!;
    private StepBatch _batch = null!;

    /// <summary>Layers with their own set-up cache in the routing sampler.</summary>
    public int CacheLayers { get; set; } = 58;

    /// <summary>Tokens per EP group routed through one layer (× 8 copies).</summary>
    [Params(64, 512, 4096)]
    public long Tokens { get; set; } = 4096;

    [GlobalSetup]
    public void Setup()
    {
        var zipf = new ExpertRoutingSpec(PopularityKind.Zipf, ZipfExponent: 1);
        _uniform = Router(ExpertRoutingSpec.Uniform, PlacementKind.Contiguous, 1, 1);
        _zipfEplb = Router(zipf, PlacementKind.Eplb, 1, 1);
        _grouped = Router(zipf with { GroupLimited = true }, PlacementKind.Eplb, 8, 4);
        _logNormalEplb = Router(new ExpertRoutingSpec(PopularityKind.LogNormal, Sigma: 1.01), PlacementKind.Eplb, 1, 1);
        var model = ModelCatalog.Of(ClusterSim.Tests.TestCatalog.Repository).Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(1, 32, 32, 1, 0, 32), model.Precision);
        var roofline = new RooflineModel(HardwareCatalog.Of(ClusterSim.Tests.TestCatalog.Repository).Load("h200"));
        _twoSamples = new StepPricer(costs, roofline, CommunicationCosts.None, new StepPricerOptions(1, true, 0, 2, 1), Router(zipf, PlacementKind.Eplb, 1, 1));
        _allSamples = new StepPricer(costs, roofline, CommunicationCosts.None, new StepPricerOptions(1, true, 0, 58, 1), Router(zipf, PlacementKind.Eplb, 1, 1));
        _batch = new StepBatch(32);
        for (var r = 0; r < 32; r++)
        {
            for (var i = 0; i < 128; i++)
            {
                _batch.Ranks[r].AddDecode(new RequestState((r * 128) + i, SimTime.Zero, 2000, 100, null) { PrefilledTokens = 2000, GeneratedTokens = 1 });
            }
        }
    }

    /// <summary>One layer, uniform routing, contiguous placement.</summary>
    [Benchmark(Baseline = true)]
    public double UniformLayer() => _uniform.RouteNextLayer(Tokens, _loads, _slots);

    /// <summary>One layer, Zipf routing, EPLB placement with 32 redundant slots.</summary>
    [Benchmark]
    public double ZipfEplbLayer() => _zipfEplb.RouteNextLayer(Tokens, _loads, _slots);

    /// <summary>One layer, group-limited Zipf routing (8 groups, 4 per token), EPLB.</summary>
    [Benchmark]
    public double GroupLimitedLayer() => _grouped.RouteNextLayer(Tokens, _loads, _slots);

    /// <summary>All 58 MoE layers of one step, Zipf with EPLB: the sampler's cost per step at RoutingSamplesPerStep = 58.</summary>
    [Benchmark]
    public double ZipfEplbStep() => Step(_zipfEplb);

    /// <summary>One layer, the default log-normal skew (σ = 1.01), EPLB.</summary>
    [Benchmark]
    public double LogNormalEplbLayer() => _logNormalEplb.RouteNextLayer(Tokens, _loads, _slots);

    /// <summary>All 58 MoE layers of one step, log-normal skew with EPLB.</summary>
    [Benchmark]
    public double LogNormalEplbStep() => Step(_logNormalEplb);

    // One step routes every one of DeepSeek-V3's 58 MoE layers.
    private double Step(ExpertRouter router)
    {
        double sum = 0;
        for (var l = 0; l < 58; l++)
        {
            sum += router.RouteNextLayer(Tokens, _loads, _slots);
        }

        return sum;
    }

    /// <summary>A whole decode step (32 ranks × 128 requests) priced with 2 sampled MoE layers.</summary>
    [Benchmark]
    public long PriceStepTwoSamples()
    {
        var cost = default(StepCost);
        _twoSamples.Price(_batch, ref cost);
        return cost.Duration.Nanoseconds;
    }

    /// <summary>The same step with all 58 MoE layers sampled and priced.</summary>
    [Benchmark]
    public long PriceStepAllSamples()
    {
        var cost = default(StepCost);
        _allSamples.Price(_batch, ref cost);
        return cost.Duration.Nanoseconds;
    }

    private ExpertRouter Router(ExpertRoutingSpec spec, PlacementKind placement, int groups, int groupsPerToken)
    {
        var popularity = ExpertPopularity.Create(spec, 256, 58, new RandomStream(1));
        var sampler = new RoutingSampler(256, 8, groups, groupsPerToken, new RandomStream(2), CacheLayers);
        return new ExpertRouter(popularity, sampler, placement, ExpertRebalanceSpec.Off, 32, 9, new ExpertMigrationCost(0, 0, 0), () => SimTime.Zero);
    }
}
