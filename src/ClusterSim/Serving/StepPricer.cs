using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// Prices one step of an instance at <c>step</c> fidelity: every layer kind once, multiplied by its layer count.
/// Per MoE layer: attention on every DP rank with its own requests (the slowest sets the pace), dispatch, routed
/// experts on every EP rank with sampled per-expert token counts (the slowest sets the pace), combine. Formulas and
/// conventions: docs/modeling.md, "The serving step".
/// </summary>
/// <remarks>The hot path of the simulator: buffers are allocated once, nothing is allocated per step.</remarks>
public sealed class StepPricer : IStepPricer
{
    private readonly OperatorCostModel _costs;
    private readonly RooflineModel _roofline;
    private readonly CommunicationCosts _comm;
    private readonly ExpertRouter? _router;
    private readonly StepPricerOptions _options;
    private readonly DataType[] _computeTypeFor;
    private readonly OperatorCost[] _ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
    private readonly BatchShape[] _shapes;
    private readonly BatchShape[] _scaled;
    private readonly long[] _rankLoads;
    private readonly int[] _rankExpertCounts;
    private readonly int _epRanks;
    private readonly int _expertsPerRank;
    private readonly (LayerKind Kind, int Count)[] _layers;
    private readonly int _moeLayers;
    private readonly int _attentionTp;

    /// <summary>A pricer for instances of one pool with uniform routing over a contiguous placement.</summary>
    public StepPricer(OperatorCostModel costs, RooflineModel roofline, CommunicationCosts communication, ExpertLoadSampler? routing, StepPricerOptions options)
        : this(costs, roofline, communication, options, routing is null ? null : routing.ToContiguousRouter(costs))
    {
    }

    /// <summary>A pricer for instances of one pool whose MoE layers are routed and placed by <paramref name="router"/>.</summary>
    public StepPricer(OperatorCostModel costs, RooflineModel roofline, CommunicationCosts communication, StepPricerOptions options, ExpertRouter? router)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(options);
        _costs = costs;
        _roofline = roofline;
        _comm = communication;
        _router = router;
        _options = options;
        var plan = costs.Plan;
        _attentionTp = plan.AttentionTensorParallel;
        _shapes = new BatchShape[plan.AttentionDataParallel];
        _scaled = new BatchShape[plan.AttentionDataParallel];
        _epRanks = plan.ExpertParallel;
        _expertsPerRank = Math.Max(1, costs.ExpertsPerRank);
        _rankLoads = new long[_epRanks];
        _rankExpertCounts = new int[_epRanks * _expertsPerRank];
        var counts = costs.Model.LayerCounts;
        _layers = new[]
            {
                (LayerKind.DenseFull, counts.DenseFull), (LayerKind.DenseSliding, counts.DenseSliding),
                (LayerKind.MoeFull, counts.MoeFull), (LayerKind.MoeSliding, counts.MoeSliding),
            }
            .Where(l => l.Item2 > 0)
            .ToArray();
        _moeLayers = counts.Moe;
        if (_moeLayers > 0 && router is null)
        {
            throw new ArgumentNullException(nameof(router), "a MoE model needs an expert router");
        }

        if (router is not null && (router.Ranks != _epRanks || router.SlotsPerRank != _expertsPerRank))
        {
            throw new ArgumentException($"the router places experts on {router.Ranks} ranks × {router.SlotsPerRank} slots; the plan has {_epRanks} × {_expertsPerRank}", nameof(router));
        }

        // Formats a chip cannot compute in are computed in the next wider one it has (MXFP4 experts on Hopper run
        // through FP8 or BF16 kernels after dequantisation).
        _computeTypeFor = Enum.GetValues<DataType>().Select(t => NearestSupported(roofline.Spec, t)).ToArray();
    }

    /// <inheritdoc />
    public void Price(StepBatch batch, ref StepCost cost)
    {
        var window = _costs.Model.SlidingWindow;
        long tokens = 0;
        for (var i = 0; i < _shapes.Length; i++)
        {
            _shapes[i] = i < batch.Ranks.Length ? StepShapes.Of(batch.Ranks[i], window) : default;
            tokens += _shapes[i].Tokens;
        }

        if (tokens == 0)
        {
            return;
        }

        // Two-batch overlap needs something to split: at least two tokens on the busiest rank.
        var microBatches = _options.MicroBatches == 2 && MaxRankTokens() >= 2 ? 2 : 1;
        var fraction = 1.0 / microBatches;
        for (var i = 0; i < _shapes.Length; i++)
        {
            _scaled[i] = StepShapes.Scale(_shapes[i], fraction);
        }

        double totalNs = 0;
        if (_router is not null)
        {
            // Weights moved by a re-placement must arrive before the step's MoE layers run: charged as a pause.
            var migrationNs = _router.BeginStep();
            totalNs += migrationNs;
            cost.CommunicationNs += migrationNs;
            cost.ExpertMigrationNs = migrationNs;
        }

        foreach (var (kind, count) in _layers)
        {
            totalNs += PriceLayers(kind, count, tokens, microBatches, ref cost);
        }

        totalNs += PriceOnce(ref cost, start: true);
        totalNs += PriceOnce(ref cost, start: false);
        if (_options.DraftTokens > 0 && _costs.Model.MtpLayers > 0)
        {
            totalNs += PriceMtp(ref cost) * _options.DraftTokens;
        }

        if (_options.CudaGraphs)
        {
            var launch = _roofline.Spec.KernelLaunchOverhead.Value.Nanoseconds;
            totalNs += launch;
            cost.ComputeBoundNs += launch;
        }

        cost.Duration = SimDuration.FromNanoseconds((long)Math.Ceiling(totalNs));
    }

    private long MaxRankTokens()
    {
        long max = 0;
        foreach (ref readonly var s in _shapes.AsSpan())
        {
            max = Math.Max(max, s.Tokens);
        }

        return max;
    }

    /// <summary>Prices <paramref name="count"/> layers of one kind; returns their nanoseconds and adds the split to <paramref name="cost"/>.</summary>
    private double PriceLayers(LayerKind kind, int count, long tokens, int microBatches, ref StepCost cost)
    {
        var attention = PriceAttentionPhase(kind);
        double layerNs;
        if (!kind.IsMoe())
        {
            // Dense layer: attention and the dense FFN both run per DP rank; only TP all-reduces communicate.
            layerNs = Overlap(attention.MaxComputeNs, attention.CriticalCommNs, microBatches, out var denseExposed);
            attention.AddComputeTo(ref cost, count * microBatches);
            cost.CommunicationNs += denseExposed * count;
            return layerNs * count;
        }

        var groupTokens = (long)Math.Ceiling((double)tokens / microBatches / _options.EpGroups);
        var samples = Math.Min(_options.RoutingSamplesPerStep, count);
        var experts = default(PhaseTime);
        double maxLoad = 0, meanLoad = 0, expertImbalance = 0;
        for (var s = 0; s < samples; s++)
        {
            expertImbalance += _router!.RouteNextLayer(groupTokens, _rankLoads, _rankExpertCounts) / samples;
            var sample = PriceExpertPhase(kind);
            experts.MaxNs += sample.MaxNs / samples;
            experts.SumNs += sample.SumNs / samples;
            experts.Ranks = sample.Ranks;
            experts.CriticalComputeNs += sample.CriticalComputeNs / samples;
            experts.CriticalMemoryNs += sample.CriticalMemoryNs / samples;
            long max = 0, sum = 0;
            foreach (var load in _rankLoads)
            {
                max = Math.Max(max, load);
                sum += load;
            }

            maxLoad += (double)max / samples;
            meanLoad += (double)sum / _epRanks / samples;
        }

        var moe = _costs.Model.Moe!;
        var remote = _epRanks > 1 ? (_epRanks - 1.0) / _epRanks : 0;
        var hidden = (double)_costs.Model.HiddenSize;
        var maxSendTokens = MaxScaledTokens() * moe.ExpertsPerToken;
        var busiestCopies = Math.Max(maxSendTokens, maxLoad) * _options.DispatchBytesFactor;
        var dispatchNs = _comm.AllToAllNs(remote * busiestCopies * hidden * _costs.Precision.Dispatch.BytesPerElement());
        var combineNs = _comm.AllToAllNs(remote * busiestCopies * hidden * _costs.Precision.Combine.BytesPerElement());
        var computeNs = attention.MaxComputeNs + experts.MaxComputeNs;
        var commNs = dispatchNs + combineNs + attention.CriticalCommNs;
        layerNs = Overlap(computeNs, commNs, microBatches, out var exposed);
        attention.AddComputeTo(ref cost, count * microBatches);
        experts.AddComputeTo(ref cost, count * microBatches);
        cost.CommunicationNs += exposed * count;
        cost.FabricBytes += count * microBatches * 2 * remote * groupTokens * moe.ExpertsPerToken * hidden * _options.EpGroups
            * (_costs.Precision.Dispatch.BytesPerElement() + _costs.Precision.Combine.BytesPerElement()) / 2;
        cost.TokensPerExpert = (double)groupTokens * microBatches * moe.ExpertsPerToken / moe.RoutedExperts;
        cost.ExpertImbalance = meanLoad > 0 ? maxLoad / meanLoad : 1;
        cost.ExpertLoadImbalance = expertImbalance;
        return layerNs * count;
    }

    /// <summary>
    /// Layer time with <paramref name="microBatches"/> micro-batches: one micro-batch runs compute then communication;
    /// with two, each one's communication hides behind the other's compute (DeepSeek's two-batch overlap), so the
    /// layer takes max(2C, 2M) + min(C, M). Returns the time and, through <paramref name="exposedCommNs"/>, the part of
    /// it not spent computing.
    /// </summary>
    private static double Overlap(double computeNs, double commNs, int microBatches, out double exposedCommNs)
    {
        if (microBatches == 1)
        {
            exposedCommNs = commNs;
            return computeNs + commNs;
        }

        var total = Math.Max(2 * computeNs, 2 * commNs) + Math.Min(computeNs, commNs);
        exposedCommNs = total - (2 * computeNs);
        return total;
    }

    private double MaxScaledTokens()
    {
        long max = 0;
        foreach (ref readonly var s in _scaled.AsSpan())
        {
            max = Math.Max(max, s.Tokens);
        }

        return max;
    }

    /// <summary>Attention (and, in dense layers, the FFN; in MoE layers, router and shared experts) on every DP rank.</summary>
    private PhaseTime PriceAttentionPhase(LayerKind kind)
    {
        var phase = default(PhaseTime);
        foreach (ref readonly var shape in _scaled.AsSpan())
        {
            var n = _costs.WriteLayer(kind, shape, ReadOnlySpan<int>.Empty, _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                ref readonly var op = ref _ops[i];
                if (IsExpertSide(op.Kind))
                {
                    continue;
                }

                Accumulate(op, ref compute, ref memory, ref comm);
            }

            phase.AddRank(compute, memory, comm);
        }

        return phase;
    }

    /// <summary>Routed experts on every EP rank, with the token counts last sampled into the rank buffers.</summary>
    private PhaseTime PriceExpertPhase(LayerKind kind)
    {
        var phase = default(PhaseTime);
        var empty = default(BatchShape);
        for (var r = 0; r < _epRanks; r++)
        {
            var counts = _rankExpertCounts.AsSpan(r * _expertsPerRank, _expertsPerRank);
            var n = _costs.WriteLayer(kind, empty, counts, _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                ref readonly var op = ref _ops[i];
                if (op.Kind is OperatorKind.RoutedExpertsUp or OperatorKind.RoutedExpertsDown)
                {
                    Accumulate(op, ref compute, ref memory, ref comm);
                }
            }

            phase.AddRank(compute, memory, comm);
        }

        return phase;
    }

    private double PriceOnce(ref StepCost cost, bool start)
    {
        var phase = default(PhaseTime);
        foreach (ref readonly var shape in _shapes.AsSpan())
        {
            var n = start ? _costs.WriteStepStart(shape, _ops) : _costs.WriteStepEnd(shape, _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                Accumulate(_ops[i], ref compute, ref memory, ref comm);
            }

            phase.AddRank(compute, memory, comm);
        }

        phase.AddComputeTo(ref cost, 1);
        cost.CommunicationNs += phase.CriticalCommNs;
        return phase.MaxNs;
    }

    /// <summary>One pass of the MTP module over the decode requests (one draft token each), with balanced experts.</summary>
    private double PriceMtp(ref StepCost cost)
    {
        var phase = default(PhaseTime);
        Span<int> balanced = stackalloc int[_expertsPerRank];
        foreach (ref readonly var shape in _shapes.AsSpan())
        {
            var requests = shape.Decode.Requests;
            if (requests == 0)
            {
                phase.AddRank(0, 0, 0);
                continue;
            }

            var draft = new BatchShape(default, new AttentionWork(requests, requests, shape.Decode.KvTokens, shape.Decode.WindowedKvTokens, shape.Decode.KvTokens, shape.Decode.WindowedKvTokens), requests);
            var used = _costs.Model.IsMoe ? _costs.FillBalancedExpertCounts(requests, balanced) : 0;
            var n = _costs.WriteMtpModule(draft, balanced[..used], _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                if (_ops[i].Kind is not (OperatorKind.Dispatch or OperatorKind.Combine))
                {
                    Accumulate(_ops[i], ref compute, ref memory, ref comm);
                }
            }

            phase.AddRank(compute, memory, comm);
        }

        phase.AddComputeTo(ref cost, _options.DraftTokens);
        cost.CommunicationNs += phase.CriticalCommNs * _options.DraftTokens;
        return phase.MaxNs;
    }

    private void Accumulate(in OperatorCost op, ref double compute, ref double memory, ref double comm)
    {
        if (op.Class == OpClass.Communication)
        {
            // Tensor-parallel all-reduce: the op carries 2(n-1)/n of the payload as bytes sent.
            var n = _attentionTp;
            var payload = n > 1 ? op.BytesRead * n / (2.0 * (n - 1)) : 0;
            comm += _comm.AllReduceNs(payload);
            return;
        }

        var priced = _roofline.Price(op.Flops, op.Bytes, ClassOf(op.Class), _computeTypeFor[(int)op.ComputeType]);
        var ns = _options.CudaGraphs ? priced.DurationNanoseconds - priced.LaunchNanoseconds : priced.DurationNanoseconds;
        if (priced.Bound == RooflineBound.Compute)
        {
            compute += ns;
        }
        else
        {
            memory += ns;
        }
    }

    private static bool IsExpertSide(OperatorKind kind) =>
        kind is OperatorKind.Dispatch or OperatorKind.Combine or OperatorKind.RoutedExpertsUp or OperatorKind.RoutedExpertsDown;

    internal static OperationClass ClassOf(OpClass c) => c switch
    {
        OpClass.Gemm => OperationClass.Gemm,
        OpClass.Attention => OperationClass.Attention,
        _ => OperationClass.MemoryBound,
    };

    internal static DataType NearestSupported(AcceleratorSpec spec, DataType type)
    {
        DataType[] widening = type switch
        {
            DataType.Fp4 => [DataType.Fp4, DataType.Fp8, DataType.Bf16, DataType.Fp16, DataType.Fp32],
            DataType.Fp8 => [DataType.Fp8, DataType.Bf16, DataType.Fp16, DataType.Fp32],
            DataType.Fp16 => [DataType.Fp16, DataType.Bf16, DataType.Fp32],
            DataType.Bf16 => [DataType.Bf16, DataType.Fp16, DataType.Fp32],
            _ => [DataType.Fp32, DataType.Bf16],
        };
        foreach (var t in widening)
        {
            if (spec.Supports(t))
            {
                return t;
            }
        }

        throw new NotSupportedException($"{spec.Name} supports none of the formats {string.Join(", ", widening)}");
    }
}
