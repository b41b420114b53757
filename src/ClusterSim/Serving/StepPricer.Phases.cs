using ClusterSim.Analysis;
using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <content>Per-rank phases: attention, experts, embedding and LM head, the MTP module, and one operator on the roofline.</content>
public sealed partial class StepPricer
{
    /// <summary>Attention (and, in dense layers, the FFN; in MoE layers, router and shared experts) on every DP rank.</summary>
    private PhaseTime PriceAttentionPhase(LayerKind kind) =>
        RankPhases.Attention(_costs, kind, _scaled, _ops, _timer, _comm, _attentionSlowdown, _attentionMemo);


    /// <summary>Routed experts on every EP rank, with the token counts last sampled into the rank buffers.</summary>
    private PhaseTime PriceExpertPhase(LayerKind kind) =>
        RankPhases.Experts(_costs, kind, _epRanks, _expertsPerRank, _rankExpertCounts, _ops, _timer, _comm, _expertSlowdown);


    private double PriceOnce(ref StepCost cost, bool start)
    {
        var phase = default(PhaseTime);
        for (var rank = 0; rank < _shapes.Length; rank++)
        {
            var n = start ? _costs.WriteStepStart(_shapes[rank], _ops) : _costs.WriteStepEnd(_shapes[rank], _ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                Accumulate(_ops[i], ref compute, ref memory, ref comm);
            }

            var slow = _attentionSlowdown[rank];
            phase.AddRank(compute * slow, memory * slow, comm);
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
        for (var rank = 0; rank < _shapes.Length; rank++)
        {
            ref readonly var shape = ref _shapes[rank];
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

            var slow = _attentionSlowdown[rank];
            phase.AddRank(compute * slow, memory * slow, comm);
        }

        phase.AddComputeTo(ref cost, _options.DraftTokens);
        cost.CommunicationNs += phase.CriticalCommNs * _options.DraftTokens;
        return phase.MaxNs;
    }

    private void Accumulate(in OperatorCost op, ref double compute, ref double memory, ref double comm) =>
        _timer.Add(op, _comm, ref compute, ref memory, ref comm);
}
