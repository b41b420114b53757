using ClusterSim.Analysis;
using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <content>The stages of a step for layer fidelity.</content>
public sealed partial class StepPricer
{
    /// <summary>
    /// Fills <paramref name="plan"/> with the stages of the step last priced by <see cref="Price"/> (layer fidelity):
    /// every layer in model order, each micro-batch on its own, expert routing sampled for every MoE layer.
    /// </summary>
    /// <remarks>Allocates a small table per call; layer fidelity trades speed for detail.</remarks>
    public void PlanStages(StepBatch batch, StagePlan plan)
    {
        plan.Clear();
        long tokens = 0;
        foreach (ref readonly var s in _shapes.AsSpan())
        {
            tokens += s.Tokens;
        }

        if (tokens == 0)
        {
            return;
        }

        var microBatches = _options.MicroBatches == 2 && MaxRankTokens() >= 2 ? 2 : 1;
        plan.Count = microBatches;
        var attentionByKind = new PhaseTime[LayerKinds.Count];
        foreach (var (kind, _) in _layers)
        {
            attentionByKind[(int)kind] = PriceAttentionPhase(kind);
        }

        var scratch = default(StepCost);
        var embedding = PriceOnce(ref scratch, start: true) / microBatches;
        var head = PriceOnce(ref scratch, start: false) / microBatches;
        var mtp = _options.DraftTokens > 0 && _costs.Model.MtpLayers > 0 ? PriceMtp(ref scratch) * _options.DraftTokens / microBatches : 0;
        double launch = _options.CudaGraphs ? _roofline.Spec.KernelLaunchOverhead.Value.Nanoseconds : 0;
        // A sequential engine's host work precedes the step's first kernel; an overlapped engine's is taken as hidden
        // here (step fidelity exposes any excess over the GPU step; docs/modeling.md, "Host overhead per iteration").
        launch += Engine.OverlapScheduler.Value ? 0 : ExposedHostNs(0);
        var groupTokens = (long)Math.Ceiling((double)tokens / microBatches / _options.EpGroups);
        // As in step fidelity: with two micro-batches, an MoE layer's compute runs beside the other micro-batch's
        // all-to-all and loses the SMs it occupies; dense layers and the step's ends have no all-to-all beside them.
        var moeStretch = microBatches == 2 ? _options.OverlapComputeStretch : 1;
        for (var m = 0; m < microBatches; m++)
        {
            var stages = plan.MicroBatches[m];
            stages.Add(new Stage(StageKind.Embedding, StageLane.Compute, -1, embedding + (m == 0 ? launch : 0)));
            var layerKinds = _costs.Model.LayerKinds;
            for (var layer = 0; layer < layerKinds.Length; layer++)
            {
                var kind = layerKinds[layer];
                var attention = attentionByKind[(int)kind];
                var stretch = kind.IsMoe() ? moeStretch : 1;
                stages.Add(new Stage(StageKind.Attention, StageLane.Compute, layer, attention.MaxComputeNs * stretch));
                if (attention.CriticalCommNs > 0)
                {
                    stages.Add(new Stage(StageKind.AllReduce, StageLane.Communication, layer, attention.CriticalCommNs));
                }

                if (!kind.IsMoe())
                {
                    continue;
                }

                _router!.RouteNextLayer(groupTokens, _rankLoads, _rankExpertCounts);
                var experts = PriceExpertPhase(kind);
                long maxLoad = 0;
                foreach (var load in _rankLoads)
                {
                    maxLoad = Math.Max(maxLoad, load);
                }

                var (dispatch, combine) = DispatchAndCombineNs(maxLoad, runs: 0);
                stages.Add(new Stage(StageKind.Dispatch, StageLane.Communication, layer, dispatch));
                stages.Add(new Stage(StageKind.Experts, StageLane.Compute, layer, experts.MaxComputeNs * stretch));
                stages.Add(new Stage(StageKind.Combine, StageLane.Communication, layer, combine));
            }

            stages.Add(new Stage(StageKind.LmHead, StageLane.Compute, -1, head));
            if (mtp > 0)
            {
                stages.Add(new Stage(StageKind.Mtp, StageLane.Compute, -1, mtp));
            }
        }
    }
}
