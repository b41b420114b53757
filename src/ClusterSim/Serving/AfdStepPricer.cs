using ClusterSim.Analysis;
using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// Prices a step of an attention/FFN-disaggregated instance (MegaScale-Infer, Step-3 AFD): M attention ranks run
/// attention (and the router, shared experts and dense layers) for their own requests; per MoE layer the token
/// copies go M-to-N to the expert ranks, the routed experts run there, and the outputs come back N-to-M. The batch
/// is cut into k micro-batches that ping-pong between the sides, so a MoE layer takes
/// max(k·max(A, D, F, C), A + D + F + C) for per-micro-batch stage times A (attention), D (dispatch), F (experts),
/// C (combine), and a step with k &gt; 1 adds one pipeline fill of (A + D + F + C − the slowest stage).
/// </summary>
/// <remarks>
/// Backpressure falls out of the max: the slower side sets the pace and the faster one waits. The MTP draft module
/// is not priced here. Nothing is allocated per step.
/// </remarks>
public sealed class AfdStepPricer : IStepPricer
{
    /// <summary>The serving engine whose host overhead each step pays (none by default).</summary>
    public EngineProfile Engine { get; init; } = EngineProfile.Ideal;

    private readonly OperatorCostModel _costs;
    private readonly RooflineModel _attentionRoofline;
    private readonly RooflineModel _expertRoofline;
    private readonly CommunicationCosts _attentionComm;
    private readonly AfdCommunication _afd;
    private readonly ExpertRouter _router;
    private readonly AfdPricerOptions _options;
    private readonly OperatorTimer _attentionTimer;
    private readonly OperatorTimer _expertTimer;
    private readonly AttentionPhaseMemo? _attentionMemo;
    private readonly OperatorCost[] _ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
    private readonly BatchShape[] _shapes;
    private readonly BatchShape[] _scaled;
    private readonly long[] _rankLoads;
    private readonly int[] _slotCounts;
    private readonly (LayerKind Kind, int Count)[] _layers;
    private readonly int _attentionTp;
    private readonly int _expertRanks;
    private readonly int _slotsPerRank;

    /// <summary>
    /// A pricer for instances of an AFD pool. <paramref name="costs"/> is under the plan (attention TP and DP = M,
    /// EP = N expert ranks); attention runs on <paramref name="attentionRoofline"/>, experts on <paramref name="expertRoofline"/>.
    /// </summary>
    public AfdStepPricer(
        OperatorCostModel costs,
        RooflineModel attentionRoofline,
        RooflineModel expertRoofline,
        CommunicationCosts attentionCommunication,
        AfdCommunication afd,
        ExpertRouter router,
        AfdPricerOptions options)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(options);
        if (costs.Model.Moe is null)
        {
            throw new ArgumentException($"{costs.Model.Name} has no experts; attention/FFN disaggregation needs a MoE model", nameof(costs));
        }

        _costs = costs;
        _attentionRoofline = attentionRoofline;
        _expertRoofline = expertRoofline;
        _attentionComm = attentionCommunication;
        _afd = afd;
        _router = router;
        _options = options;
        var plan = costs.Plan;
        _attentionTp = plan.AttentionTensorParallel;
        _shapes = new BatchShape[plan.AttentionDataParallel];
        _scaled = new BatchShape[plan.AttentionDataParallel];
        _expertRanks = plan.ExpertParallel;
        _slotsPerRank = Math.Max(1, costs.ExpertsPerRank);
        if (router.Ranks != _expertRanks || router.SlotsPerRank != _slotsPerRank)
        {
            throw new ArgumentException($"the router places experts on {router.Ranks} ranks × {router.SlotsPerRank} slots; the plan has {_expertRanks} × {_slotsPerRank}", nameof(router));
        }

        _rankLoads = new long[_expertRanks];
        _slotCounts = new int[_expertRanks * _slotsPerRank];
        var counts = costs.Model.LayerCounts;
        _layers = new[]
            {
                (LayerKind.DenseFull, counts.DenseFull), (LayerKind.DenseSliding, counts.DenseSliding),
                (LayerKind.MoeFull, counts.MoeFull), (LayerKind.MoeSliding, counts.MoeSliding),
            }
            .Where(l => l.Item2 > 0)
            .ToArray();
        // AFD books no kernel provenance per step (its stages are priced per micro-batch, not per layer kind); the
        // ledgers exist because the timer needs one.
        var attentionGemms = new GemmPricer(attentionRoofline.Spec, null, maskedGroupedLayout: false);
        if (!options.WithoutAttentionMemo)
        {
            _attentionMemo = new AttentionPhaseMemo();
            _attentionMemo.Bind(costs, attentionRoofline, attentionGemms, null, options.CudaGraphs);
        }

        _attentionTimer = new OperatorTimer(attentionRoofline, attentionGemms, null, OperatorRoofline.ComputeTypeTable(attentionRoofline.Spec), options.CudaGraphs, _attentionTp, new KernelTimeLedger());
        _expertTimer = new OperatorTimer(expertRoofline, new GemmPricer(expertRoofline.Spec, null, maskedGroupedLayout: false), null, OperatorRoofline.ComputeTypeTable(expertRoofline.Spec), options.CudaGraphs, _attentionTp, new KernelTimeLedger());
    }

    /// <summary>Per-micro-batch stage times of the last MoE layer priced (attention, dispatch, experts, combine), in ns.</summary>
    public (double AttentionNs, double DispatchNs, double ExpertsNs, double CombineNs) LastStages { get; private set; }

    /// <summary>Micro-batches the last step used (k, or fewer when the busiest rank had fewer tokens).</summary>
    public int LastMicroBatches { get; private set; }

    /// <inheritdoc />
    public void Price(StepBatch batch, ref StepCost cost)
    {
        var window = _costs.Model.SlidingWindow;
        long tokens = 0, busiest = 0;
        for (var i = 0; i < _shapes.Length; i++)
        {
            _shapes[i] = i < batch.Ranks.Length ? StepShapes.Of(batch.Ranks[i], window) : default;
            tokens += _shapes[i].Tokens;
            busiest = Math.Max(busiest, _shapes[i].Tokens);
        }

        if (tokens == 0)
        {
            return;
        }

        // A micro-batch needs at least one token on the busiest rank.
        var microBatches = (int)Math.Max(1, Math.Min(_options.MicroBatches, busiest));
        LastMicroBatches = microBatches;
        for (var i = 0; i < _shapes.Length; i++)
        {
            _scaled[i] = StepShapes.Scale(_shapes[i], 1.0 / microBatches);
        }

        var migrationNs = _router.BeginStep();
        var totalNs = migrationNs;
        cost.CommunicationNs += migrationNs;
        cost.ExpertMigrationNs = migrationNs;
        foreach (var (kind, count) in _layers)
        {
            totalNs += PriceLayers(kind, count, microBatches, ref cost);
        }

        totalNs += PriceOnce(ref cost, start: true);
        totalNs += PriceOnce(ref cost, start: false);
        if (_options.CudaGraphs)
        {
            var launch = _attentionRoofline.Spec.KernelLaunchOverhead.Value.Nanoseconds;
            totalNs += launch;
            cost.ComputeBoundNs += launch;
        }

        // The engine's host work, once per step, as in StepPricer (docs/modeling.md, "Host overhead per iteration").
        long requests = 0;
        foreach (ref readonly var s in _shapes.AsSpan())
        {
            requests = Math.Max(requests, s.Prefill.Requests + s.Decode.Requests);
        }

        var host = Engine.ExposedHostNs(totalNs, requests);
        totalNs += host;
        cost.ComputeBoundNs += host;

        cost.Duration = SimDuration.FromNanoseconds((long)Math.Ceiling(totalNs));
        StepAttribution.FitToDuration(ref cost);
    }

    private double PriceLayers(LayerKind kind, int count, int microBatches, ref StepCost cost)
    {
        var attention = PriceAttentionPhase(kind);
        if (!kind.IsMoe())
        {
            // Dense layers stay on the attention side: the micro-batches run back to back.
            attention.AddComputeTo(ref cost, count * microBatches);
            cost.CommunicationNs += attention.CriticalCommNs * count * microBatches;
            return attention.MaxNs * microBatches * count;
        }

        var moe = _costs.Model.Moe!;
        long microTokens = 0, maxMicroTokens = 0;
        foreach (ref readonly var s in _scaled.AsSpan())
        {
            microTokens += s.Tokens;
            maxMicroTokens = Math.Max(maxMicroTokens, s.Tokens);
        }

        var samples = Math.Max(1, Math.Min(_options.RoutingSamplesPerStep, count));
        var experts = default(PhaseTime);
        double maxLoad = 0, meanLoad = 0, expertImbalance = 0;
        for (var s = 0; s < samples; s++)
        {
            expertImbalance += _router.RouteNextLayer(microTokens, _rankLoads, _slotCounts) / samples;
            experts.AddWeighted(PriceExpertPhase(kind), 1.0 / samples);
            var (max, mean) = PhaseTime.MaxAndMean(_rankLoads);
            maxLoad += max / samples;
            meanLoad += mean / samples;
        }

        var hidden = (double)_costs.Model.HiddenSize;
        var k = moe.ExpertsPerToken;
        var dispatchBytes = _costs.Precision.Dispatch.BytesPerElement();
        var combineBytes = _costs.Precision.Combine.BytesPerElement();
        var a = attention.MaxNs;
        var d = _afd.DispatchNs(maxMicroTokens * k * hidden * dispatchBytes, maxLoad * hidden * dispatchBytes);
        var f = experts.MaxNs;
        var c = _afd.CombineNs(maxMicroTokens * k * hidden * combineBytes, maxLoad * hidden * combineBytes);
        LastStages = (a, d, f, c);
        var (layerNs, fillNs) = Pipeline(a, d, f, c, microBatches);
        var stage = Math.Max(Math.Max(a, d), Math.Max(f, c));
        if (microBatches * stage >= a + d + f + c)
        {
            // Throughput-bound: the slowest stage is busy all the time; the others wait on it (backpressure).
            if (stage == a)
            {
                attention.AddComputeTo(ref cost, count * microBatches);
                cost.CommunicationNs += attention.CriticalCommNs * count * microBatches;
            }
            else if (stage == f)
            {
                experts.AddComputeTo(ref cost, count * microBatches);
            }
            else
            {
                cost.CommunicationNs += layerNs * count;
            }
        }
        else
        {
            // Latency-bound: too few micro-batches to fill the ping-pong; a micro-batch's round trip sets the pace.
            attention.AddComputeTo(ref cost, count);
            experts.AddComputeTo(ref cost, count);
            cost.CommunicationNs += (attention.CriticalCommNs + d + c) * count;
        }

        // Filling and draining the pipeline: the sides wait on each other, counted as imbalance.
        cost.ImbalanceNs += fillNs;
        cost.FabricBytes += (double)count * microBatches * microTokens * k * hidden * (dispatchBytes + combineBytes);
        cost.TokensPerExpert = (double)microTokens * microBatches * k / moe.RoutedExperts;
        cost.ExpertImbalance = meanLoad > 0 ? maxLoad / meanLoad : 1;
        cost.ExpertLoadImbalance = expertImbalance;
        return (layerNs * count) + fillNs;
    }

    /// <summary>
    /// One MoE layer of the ping-pong pipeline for per-micro-batch stage times attention <paramref name="a"/>,
    /// dispatch <paramref name="d"/>, experts <paramref name="f"/> and combine <paramref name="c"/> with
    /// <paramref name="microBatches"/> in flight: max(k·slowest, a + d + f + c); and the once-per-step fill and drain,
    /// (a + d + f + c − slowest) when k &gt; 1.
    /// </summary>
    public static (double LayerNs, double FillNs) Pipeline(double a, double d, double f, double c, int microBatches)
    {
        var stage = Math.Max(Math.Max(a, d), Math.Max(f, c));
        var sum = a + d + f + c;
        return (Math.Max(microBatches * stage, sum), microBatches > 1 ? sum - stage : 0);
    }

    private PhaseTime PriceAttentionPhase(LayerKind kind) =>
        RankPhases.Attention(_costs, kind, _scaled, _ops, _attentionTimer, _attentionComm, ReadOnlySpan<double>.Empty, _attentionMemo);

    private PhaseTime PriceExpertPhase(LayerKind kind) =>
        RankPhases.Experts(_costs, kind, _expertRanks, _slotsPerRank, _slotCounts, _ops, _expertTimer, _attentionComm, ReadOnlySpan<double>.Empty);

    private double PriceOnce(ref StepCost cost, bool start)
    {
        var phase = default(PhaseTime);
        foreach (ref readonly var shape in _shapes.AsSpan())
        {
            var n = start ? _costs.WriteStepStart(shape, _ops) : _costs.WriteStepEnd(shape, _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                Accumulate(_ops[i], _attentionTimer, ref compute, ref memory, ref comm);
            }

            phase.AddRank(compute, memory, comm);
        }

        phase.AddComputeTo(ref cost, 1);
        cost.CommunicationNs += phase.CriticalCommNs;
        return phase.MaxNs;
    }

    private void Accumulate(in OperatorCost op, in OperatorTimer timer, ref double compute, ref double memory, ref double comm) =>
        timer.Add(op, _attentionComm, ref compute, ref memory, ref comm);
}
