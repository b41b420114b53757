using BenchmarkDotNet.Attributes;
using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Serving;

namespace ClusterSim.Benchmarks.Serving;

/// <summary>
/// The attention phase of one MoE layer kind on every rank (<see cref="RankPhases.Attention"/>), every operator written
/// and priced (baseline) and with the attention-side memo (<see cref="AttentionPhaseMemo"/>), which replays the
/// operators that read only the rank's token counts and prices the attention core afresh. DeepSeek-V3 decode on
/// H800 with its kernel tables, DP16: 64 steps whose ranks decode 1 to 128 requests at contexts of 500 to 8,500
/// tokens (the token counts recur, the contexts do not); the memo has seen every count once before. Per operation:
/// one phase of 16 ranks.
/// </summary>
[MemoryDiagnoser]
public class AttentionPhaseBenchmarks
{
    private const int Steps = 64;
    private const int Ranks = 16;
    private readonly BatchShape[] _shapes = new BatchShape[Steps * Ranks];
    private readonly OperatorCost[] _ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
    private OperatorCostModel _costs = null!;
    private OperatorTimer _timer;
    private AttentionPhaseMemo _memo = null!;

    [GlobalSetup]
    public void Build()
    {
        var catalog = ClusterSim.Tests.TestCatalog.Repository;
        var model = ModelCatalog.Of(catalog).Load("deepseek-v3");
        var h800 = HardwareCatalog.Of(catalog).Load("h800");
        var tables = KernelTables.Load(KernelTables.DirectoryOf(catalog), "h800");
        var roofline = new RooflineModel(h800);
        _costs = new OperatorCostModel(model, new ParallelPlan(1, Ranks, 16), model.Precision);
        var gemms = new GemmPricer(h800, tables, maskedGroupedLayout: true);
        _timer = new OperatorTimer(roofline, gemms, new AttentionTablePricer(tables), OperatorRoofline.ComputeTypeTable(h800), true, 1, new KernelTimeLedger());
        _memo = new AttentionPhaseMemo(AttentionPhaseMemo.PoolDecodeSlots, AttentionPhaseMemo.PoolPrefillSlots);
        _memo.Bind(_costs, roofline, gemms, tables, cudaGraphs: true);
        for (var i = 0; i < _shapes.Length; i++)
        {
            // A deterministic scatter of requests (1 to 128) and mean contexts (500 to 8,500 tokens).
            var requests = 1 + ((i * 37) % 128);
            var context = 500 + ((i * 7919) % 8000);
            _shapes[i] = BatchShape.UniformDecode(requests, context, 0);
        }

        for (var step = 0; step < Steps; step++)
        {
            _ = RankPhases.Attention(_costs, LayerKind.MoeFull, Step(step), _ops, _timer, CommunicationCosts.None, ReadOnlySpan<double>.Empty, _memo);
        }
    }

    private ReadOnlySpan<BatchShape> Step(int step) => _shapes.AsSpan(step * Ranks, Ranks);

    /// <summary>Every operator written and priced each time.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public double Full()
    {
        double sum = 0;
        for (var step = 0; step < Steps; step++)
        {
            sum += RankPhases.Attention(_costs, LayerKind.MoeFull, Step(step), _ops, _timer, CommunicationCosts.None, ReadOnlySpan<double>.Empty).MaxNs;
        }

        return sum;
    }

    /// <summary>Token-count operators replayed from the memo, context operators priced afresh.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public double Memoised()
    {
        double sum = 0;
        for (var step = 0; step < Steps; step++)
        {
            sum += RankPhases.Attention(_costs, LayerKind.MoeFull, Step(step), _ops, _timer, CommunicationCosts.None, ReadOnlySpan<double>.Empty, _memo).MaxNs;
        }

        return sum;
    }
}
