using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>A closed-form decode step time and its parts, in seconds.</summary>
/// <param name="WeightReadSeconds">Weights read by the pool ÷ (n_acc·BW).</param>
/// <param name="KvAndActivationSeconds">KV cache and activations read ÷ (n_acc·BW).</param>
/// <param name="CommunicationSeconds">All-to-all dispatch and combine of every MoE layer.</param>
/// <param name="ComputeSeconds">FLOPs ÷ (n_acc·peak), for reference; not part of the paper's sum.</param>
/// <param name="Seconds">The paper's TPOT: weights + KV and activations + communication.</param>
public sealed record TpotEstimate(double WeightReadSeconds, double KvAndActivationSeconds, double CommunicationSeconds, double ComputeSeconds, double Seconds)
{
    /// <summary>Roofline variant: max(memory, compute) + communication.</summary>
    public double RooflineSeconds => Math.Max(WeightReadSeconds + KvAndActivationSeconds, ComputeSeconds) + CommunicationSeconds;
}

/// <summary>TPOT lower bound of a decode pool, paper Eq. 12/13.</summary>
public static class TpotBound
{
    /// <summary>
    /// All-to-all time of one MoE layer (Eq. 13): (b_dispatch + b_combine)·Γ·hidden·k·B ÷ (BW_link·n_acc) + α,
    /// which is 2·Γ·(hidden·b)·k·B/(BW_link·n_acc) + α when both directions use the same format.
    /// </summary>
    public static double AllToAllSeconds(double poolBatch, int hidden, int expertsPerToken, double dispatchBytesPerElement, double combineBytesPerElement, double imbalance, double linkBytesPerSecond, int devices, double latencySeconds) =>
        ((dispatchBytesPerElement + combineBytesPerElement) * imbalance * hidden * expertsPerToken * poolBatch / (linkBytesPerSecond * devices)) + latencySeconds;

    /// <summary>
    /// Eq. 12 for a catalog model: a decode step of <paramref name="poolBatch"/> requests at context
    /// <paramref name="contextTokens"/> over <paramref name="devices"/> accelerators with attention DP
    /// <paramref name="dataParallel"/>. Every DP replica reads its replicated weights; the expert pool reads
    /// the experts that receive a token, E·(1 − (1 − k/E)^B) of them under uniform routing.
    /// </summary>
    public static TpotEstimate ForModel(
        ModelArchitecture model,
        MachineBalance machine,
        int devices,
        int dataParallel,
        long poolBatch,
        long contextTokens,
        double imbalance = 1,
        ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataParallel, 1);
        var p = precision ?? model.Precision;
        var weights = new PoolWeights(model, p);
        var memory = new ModelMemory(model, p);
        var counts = model.LayerCounts;
        var bandwidth = machine.HbmBytesPerSecond * devices;

        double activeExperts = 0;
        if (model.Moe is { } moe)
        {
            activeExperts = moe.RoutedExperts * (1 - Math.Pow(1 - ((double)moe.ExpertsPerToken / moe.RoutedExperts), poolBatch));
        }

        double weightBytes = weights.HeadBytes * dataParallel;
        double kvBytes = 0;
        double communication = 0;
        var windowed = model.SlidingWindow > 0 ? Math.Min(contextTokens, model.SlidingWindow) : contextTokens;
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            var layers = counts[kind];
            if (layers == 0)
            {
                continue;
            }

            weightBytes += layers * ((weights.Replicated(kind) * dataParallel) + (kind.IsMoe() ? activeExperts * weights.ExpertBytes : 0));
            var context = kind.IsSliding() ? windowed : contextTokens;
            kvBytes += layers * poolBatch * ((memory.KvBytesPerTokenPerLayer * context) + memory.ActivationBytesPerToken);
            if (kind.IsMoe() && model.Moe is { } m && machine.LinkBytesPerSecond > 0)
            {
                communication += layers * AllToAllSeconds(poolBatch, model.HiddenSize, m.ExpertsPerToken, p.Dispatch.BytesPerElement(), p.Combine.BytesPerElement(), imbalance, machine.LinkBytesPerSecond, devices, machine.LinkLatencySeconds);
            }
        }

        var compute = StepFlops(model, p, poolBatch, contextTokens) / (machine.PeakFlopsPerSecond * devices);
        var weightSeconds = weightBytes / bandwidth;
        var kvSeconds = kvBytes / bandwidth;
        return new TpotEstimate(weightSeconds, kvSeconds, communication, compute, weightSeconds + kvSeconds + communication);
    }

    // FLOPs of the whole decode step, from the operator cost model on one notional device holding everything.
    private static double StepFlops(ModelArchitecture model, ModelPrecision precision, long batch, long context)
    {
        var costs = new OperatorCostModel(model, ParallelPlan.Single, precision);
        var shape = BatchShape.UniformDecode(batch, context, model.SlidingWindow);
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var experts = new int[Math.Max(1, costs.ExpertsPerRank)];
        if (model.IsMoe)
        {
            costs.FillBalancedExpertCounts(batch, experts);
        }

        double flops = 0;
        var counts = model.LayerCounts;
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            if (counts[kind] > 0)
            {
                var n = costs.WriteLayer(kind, shape, experts, buffer);
                flops += counts[kind] * OperatorCosts.TotalFlops(buffer.AsSpan(0, n));
            }
        }

        var end = costs.WriteStepEnd(shape, buffer);
        return flops + OperatorCosts.TotalFlops(buffer.AsSpan(0, end));
    }
}
