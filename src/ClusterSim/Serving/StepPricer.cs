using ClusterSim.Analysis;
using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
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
public sealed partial class StepPricer : IStepPricer, IStagePlanner
{
    private readonly OperatorCostModel _costs;
    private readonly RooflineModel _roofline;
    private CommunicationCosts _comm;
    private readonly CommunicationCosts _healthyComm;
    private readonly AllToAllTablePricer _allToAllTables;
    private bool _allToAllFromTables;
    private readonly ExpertRouter? _router;
    private readonly StepPricerOptions _options;
    private readonly OperatorTimer _timer;
    private readonly AttentionPhaseMemo? _attentionMemo;
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
    private readonly double[] _attentionSlowdown;
    private readonly double[] _expertSlowdown;

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
        _healthyComm = communication;
        _router = router;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OverlapComputeStretch, 1.0, nameof(options));
        _options = options;
        var plan = costs.Plan;
        _attentionTp = plan.AttentionTensorParallel;
        _shapes = new BatchShape[plan.AttentionDataParallel];
        _scaled = new BatchShape[plan.AttentionDataParallel];
        _epRanks = plan.ExpertParallel;
        _expertsPerRank = Math.Max(1, costs.ExpertsPerRank);
        _rankLoads = new long[_epRanks];
        _attentionSlowdown = Enumerable.Repeat(1.0, plan.AttentionDataParallel).ToArray();
        _expertSlowdown = Enumerable.Repeat(1.0, _epRanks).ToArray();
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
        var gemms = options.Gemms ?? new GemmPricer(roofline.Spec, options.Kernels, options.MaskedGroupedGemm);
        if (!gemms.Matches(roofline.Spec, options.Kernels, options.MaskedGroupedGemm))
        {
            throw new ArgumentException("the shared GEMM pricer was built for other hardware, kernel tables or grouped layout", nameof(options));
        }

        var attention = new AttentionTablePricer(options.Kernels);
        _timer = new OperatorTimer(roofline, gemms, attention.HasTables ? attention : null, OperatorRoofline.ComputeTypeTable(roofline.Spec), options.CudaGraphs, _attentionTp, new KernelTimeLedger());
        if (!options.WithoutAttentionMemo)
        {
            _attentionMemo = options.AttentionMemo ?? new AttentionPhaseMemo();
            _attentionMemo.Bind(costs, roofline, gemms, options.Kernels, options.CudaGraphs);
        }

        _allToAllTables = new AllToAllTablePricer(options.Kernels, options.AllToAll, communication.AllToAllCrossesNodes);
        _allToAllFromTables = _allToAllTables.HasTables && _epRanks > 1;
    }

    /// <summary>
    /// The collective costs in force (replaced while a link fault lasts). While they are not the pool's healthy costs,
    /// dispatch and combine come from the flow model alone: the all-to-all tables were measured on a healthy fabric.
    /// </summary>
    public CommunicationCosts Communication
    {
        get => _comm;
        set
        {
            _comm = value ?? throw new ArgumentNullException(nameof(value));
            _allToAllFromTables = _allToAllTables.HasTables && _epRanks > 1 && ReferenceEquals(value, _healthyComm);
        }
    }

    /// <summary>
    /// Slows one accelerator of the instance to <paramref name="speedFactor"/> of its compute and HBM speed (1 restores
    /// it): its attention rank (accelerator / TP) and its expert rank (accelerator mod EP) take 1/speed as long.
    /// </summary>
    public void SetAcceleratorSpeed(int accelerator, double speedFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedFactor);
        _attentionSlowdown[accelerator / _attentionTp] = 1 / speedFactor;
        _expertSlowdown[accelerator % _epRanks] = 1 / speedFactor;
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

        _timer.Ledger.Reset();

        // Two-batch overlap needs something to split: at least two tokens on the busiest rank.
        var microBatches = _options.MicroBatches == 2 && MaxRankTokens() >= 2 ? 2 : 1;
        var fraction = 1.0 / microBatches;
        for (var i = 0; i < _shapes.Length; i++)
        {
            _scaled[i] = StepShapes.Scale(_shapes[i], fraction);
        }

        double totalNs = 0;
        double pipelineFillNs = 0;
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
            var layers = PriceLayers(kind, count, tokens, microBatches, ref cost);
            totalNs += layers.Ns;
            pipelineFillNs = Math.Max(pipelineFillNs, layers.PipelineFillNs);
        }

        // Two micro-batches: the second starts computing once the first's first communication is under way; the
        // longest fill of any layer kind is paid once per step.
        totalNs += pipelineFillNs;
        cost.CommunicationNs += pipelineFillNs;

        _timer.Ledger.Weight = 1;
        totalNs += PriceOnce(ref cost, start: true);
        totalNs += PriceOnce(ref cost, start: false);
        if (_options.DraftTokens > 0 && _costs.Model.MtpLayers > 0)
        {
            _timer.Ledger.Weight = _options.DraftTokens;
            totalNs += PriceMtp(ref cost) * _options.DraftTokens;
        }

        _timer.Ledger.CopyTo(ref cost);

        if (_options.CudaGraphs)
        {
            var launch = _roofline.Spec.KernelLaunchOverhead.Value.Nanoseconds;
            totalNs += launch;
            cost.ComputeBoundNs += launch;
        }

        // The host's scheduling and output processing, once per step; the GPU idles through the exposed part, which is
        // booked with compute like the launch (docs/modeling.md, "Host overhead per iteration").
        var host = ExposedHostNs(totalNs);
        totalNs += host;
        cost.ComputeBoundNs += host;

        cost.Duration = SimDuration.FromNanoseconds((long)Math.Ceiling(totalNs));
        StepAttribution.FitToDuration(ref cost);
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

    /// <summary>
    /// Prices <paramref name="count"/> layers of one kind; returns their nanoseconds and the pipeline fill of one such
    /// layer (0 with one micro-batch), and adds the split to <paramref name="cost"/>.
    /// </summary>
    private (double Ns, double PipelineFillNs) PriceLayers(LayerKind kind, int count, long tokens, int microBatches, ref StepCost cost)
    {
        // Each phase is priced once per layer kind and micro-batch and stands for count × micro-batches runs.
        _timer.Ledger.Weight = (double)count * microBatches;
        var attention = PriceAttentionPhase(kind);
        if (!kind.IsMoe())
        {
            // Dense layer: attention and the dense FFN both run per DP rank; only TP all-reduces communicate.
            Span<double> denseStages = [attention.MaxComputeNs, attention.CriticalCommNs];
            Span<bool> denseLanes = [false, true];
            var denseCount = attention.CriticalCommNs > 0 ? 2 : 1;
            // No all-to-all runs in a dense layer, so nothing takes SMs from its compute.
            var dense = Overlap(denseStages[..denseCount], denseLanes[..denseCount], microBatches, computeStretch: 1);
            attention.AddComputeTo(ref cost, count * microBatches * dense.ComputeScale);
            cost.CommunicationNs += dense.ExposedCommNs * count;
            return (dense.Ns * count, dense.PipelineFillNs);
        }

        var groupTokens = (long)Math.Ceiling((double)tokens / microBatches / _options.EpGroups);
        var samples = Math.Min(_options.RoutingSamplesPerStep, count);
        _timer.Ledger.Weight = (double)count * microBatches / samples;
        var experts = default(PhaseTime);
        double maxLoad = 0, meanLoad = 0, expertImbalance = 0;
        for (var s = 0; s < samples; s++)
        {
            expertImbalance += _router!.RouteNextLayer(groupTokens, _rankLoads, _rankExpertCounts) / samples;
            experts.AddWeighted(PriceExpertPhase(kind), 1.0 / samples);
            var (max, mean) = PhaseTime.MaxAndMean(_rankLoads);
            maxLoad += max / samples;
            meanLoad += mean / samples;
        }

        var (dispatchNs, combineNs) = DispatchAndCombineNs(maxLoad, (double)count * microBatches);
        var moe = _costs.Model.Moe!;
        var remote = _epRanks > 1 ? (_epRanks - 1.0) / _epRanks : 0;
        var hidden = (double)_costs.Model.HiddenSize;
        // Attention, its TP all-reduce (when there is one), dispatch, experts, combine.
        Span<double> moeStages = [attention.MaxComputeNs, attention.CriticalCommNs, dispatchNs, experts.MaxComputeNs, combineNs];
        Span<bool> moeLanes = [false, true, true, false, true];
        var skip = attention.CriticalCommNs > 0 ? 0 : 1;
        if (skip == 1)
        {
            moeStages[1] = moeStages[0];
            moeLanes[1] = false;
        }

        var layer = Overlap(moeStages[skip..], moeLanes[skip..], microBatches, _options.OverlapComputeStretch);
        attention.AddComputeTo(ref cost, count * microBatches * layer.ComputeScale);
        experts.AddComputeTo(ref cost, count * microBatches * layer.ComputeScale);
        cost.CommunicationNs += layer.ExposedCommNs * count;
        cost.FabricBytes += count * microBatches * 2 * remote * groupTokens * moe.ExpertsPerToken * hidden * _options.EpGroups
            * (_costs.Precision.Dispatch.BytesPerElement() + _costs.Precision.Combine.BytesPerElement()) / 2;
        cost.TokensPerExpert = (double)groupTokens * microBatches * moe.ExpertsPerToken / moe.RoutedExperts;
        cost.ExpertImbalance = meanLoad > 0 ? maxLoad / meanLoad : 1;
        cost.ExpertLoadImbalance = expertImbalance;
        return (layer.Ns * count, layer.PipelineFillNs);
    }

    /// <summary>
    /// Dispatch and combine times of one MoE layer (one micro-batch): the all-to-all is as slow as its busiest rank, the
    /// one sending the most token copies (its own tokens × k) or receiving the most (<paramref name="maxRankLoad"/>).
    /// From the pool's all-to-all table when it covers (EP, busiest copies / k tokens per rank, hidden, k) on a healthy
    /// fabric, else from the flow model's line, where only the copies bound for other ranks cross the fabric.
    /// <paramref name="runs"/> (times the step runs this layer's all-to-all) weights the provenance booked; 0 books none.
    /// </summary>
    private (double DispatchNs, double CombineNs) DispatchAndCombineNs(double maxRankLoad, double runs)
    {
        var moe = _costs.Model.Moe!;
        var remote = _epRanks > 1 ? (_epRanks - 1.0) / _epRanks : 0;
        var hidden = (double)_costs.Model.HiddenSize;
        var busiestCopies = Math.Max(MaxScaledTokens() * moe.ExpertsPerToken, maxRankLoad);
        var dispatch = _comm.AllToAllNs(remote * busiestCopies * hidden * _costs.Precision.Dispatch.BytesPerElement());
        var combine = _comm.AllToAllNs(remote * busiestCopies * hidden * _costs.Precision.Combine.BytesPerElement());
        KernelProvenance dispatchSource = KernelProvenance.None, combineSource = KernelProvenance.None;
        if (_allToAllFromTables && busiestCopies > 0)
        {
            // The benchmark's tokens per rank, from the busiest rank's copies so a skewed receiver counts as the flow model counts it.
            var tokensPerRank = busiestCopies / moe.ExpertsPerToken;
            var d = _allToAllTables.Dispatch(_costs.Precision.Dispatch, _epRanks, tokensPerRank, hidden, moe.ExpertsPerToken);
            if (d.HasValue)
            {
                dispatch = d.TimeUs * 1e3;
                dispatchSource = d.Provenance;
            }

            var c = _allToAllTables.Combine(_costs.Precision.Combine, _epRanks, tokensPerRank, hidden, moe.ExpertsPerToken);
            if (c.HasValue)
            {
                combine = c.TimeUs * 1e3;
                combineSource = c.Provenance;
            }
        }

        if (runs > 0)
        {
            _timer.Ledger.AddCommunication(dispatchSource, dispatch, runs);
            _timer.Ledger.AddCommunication(combineSource, combine, runs);
        }

        return (dispatch, combine);
    }

    /// <summary>
    /// Layer time with <paramref name="microBatches"/> micro-batches. One micro-batch runs its stages back to back.
    /// With two, each one's communication hides behind the other's compute (DeepSeek's two-batch overlap): the layer
    /// takes the steady-state period of the two-lane pipeline (<see cref="TwoBatchPipeline"/>), and its fill is
    /// returned for the step to pay once. The all-to-all kernels of one micro-batch then run beside the other's compute,
    /// so with two micro-batches every compute stage is stretched by <paramref name="computeStretch"/> (S / (S − s) when
    /// they occupy s of S SMs; docs/modeling.md, "Two-batch overlap and SM sharing").
    /// </summary>
    /// <remarks>
    /// Attribution of the overlapped time: the period is split between the lanes by their exposed critical-path
    /// contribution. The compute lane contributes both micro-batches' compute; communication only the part of the
    /// period the compute lane leaves uncovered. The measured period can be shorter than both micro-batches' compute
    /// (the next layer's first stage starts before this layer's last one ends), so the compute lane's share is scaled
    /// to fit the period: the shares of a layer then sum to exactly its time. The stretch counts as compute time (the
    /// compute lane ran longer), so the scale is relative to the unstretched stages the caller attributes.
    /// </remarks>
    internal static LayerOverlap Overlap(ReadOnlySpan<double> stageNs, ReadOnlySpan<bool> isComm, int microBatches, double computeStretch)
    {
        double compute = 0, comm = 0;
        for (var i = 0; i < stageNs.Length; i++)
        {
            if (isComm[i])
            {
                comm += stageNs[i];
            }
            else
            {
                compute += stageNs[i];
            }
        }

        if (microBatches == 1)
        {
            return new LayerOverlap(compute + comm, comm, 0, 1);
        }

        // At most a handful of stages per layer: a stack copy keeps step pricing allocation-free.
        Span<double> stretched = stackalloc double[stageNs.Length];
        for (var i = 0; i < stageNs.Length; i++)
        {
            stretched[i] = isComm[i] ? stageNs[i] : stageNs[i] * computeStretch;
        }

        var (period, fill) = TwoBatchPipeline.Period(stretched, isComm);
        var lanes = 2 * compute * computeStretch;
        var computeScale = computeStretch * (lanes > period && lanes > 0 ? period / lanes : 1);
        return new LayerOverlap(period, Math.Max(0, period - lanes), fill, computeScale);
    }

    /// <summary>One layer's time under <see cref="Overlap"/>.</summary>
    /// <param name="Ns">The layer's nanoseconds (the pipeline period with two micro-batches).</param>
    /// <param name="ExposedCommNs">The part of it not spent computing.</param>
    /// <param name="PipelineFillNs">The two-lane pipeline's fill, paid once per step; 0 with one micro-batch.</param>
    /// <param name="ComputeScale">Share of each micro-batch's compute attributed to the layer (below 1 when the period is shorter than the compute lane's work).</param>
    internal readonly record struct LayerOverlap(double Ns, double ExposedCommNs, double PipelineFillNs, double ComputeScale);

    private double MaxScaledTokens()
    {
        long max = 0;
        foreach (ref readonly var s in _scaled.AsSpan())
        {
            max = Math.Max(max, s.Tokens);
        }

        return max;
    }
}
