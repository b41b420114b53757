using ClusterSim.Models;

namespace ClusterSim.Serving;

/// <summary>
/// The two per-rank phases every MoE step pricer needs: attention (with, in dense layers, the FFN; in MoE layers,
/// router and shared experts) on every attention rank, and routed experts on every expert rank with their token
/// counts. Shared by the co-located and the attention/FFN-disaggregated pricers; allocation-free.
/// </summary>
internal static class RankPhases
{
    /// <summary>
    /// Attention-side operators of one layer on every rank; <paramref name="slowdown"/> (per rank, or empty for none)
    /// stretches compute and memory time. With <paramref name="memo"/>, operators that read only the rank's token
    /// counts are replayed from it when those counts were seen (the same doubles in the same order).
    /// </summary>
    public static PhaseTime Attention(
        OperatorCostModel costs, LayerKind kind, ReadOnlySpan<BatchShape> shapes, OperatorCost[] ops, in OperatorTimer timer, CommunicationCosts communication, ReadOnlySpan<double> slowdown, AttentionPhaseMemo? memo = null)
    {
        var phase = default(PhaseTime);
        for (var rank = 0; rank < shapes.Length; rank++)
        {
            double compute = 0, memory = 0, comm = 0;
            if (memo is not null && shapes[rank].Tokens > 0)
            {
                memo.AddRank(costs, kind, shapes[rank], ops, timer, communication, ref compute, ref memory, ref comm);
            }
            else
            {
                var n = costs.WriteLayer(kind, shapes[rank], ReadOnlySpan<int>.Empty, ops);
                for (var i = 0; i < n; i++)
                {
                    ref readonly var op = ref ops[i];
                    if (!IsExpertSide(op.Kind))
                    {
                        timer.Add(op, communication, ref compute, ref memory, ref comm);
                    }
                }
            }

            var slow = slowdown.IsEmpty ? 1 : slowdown[rank];
            phase.AddRank(compute * slow, memory * slow, comm);
        }

        return phase;
    }

    /// <summary>Routed-expert GEMMs of one layer on each of <paramref name="ranks"/> ranks, with the token counts in <paramref name="slotCounts"/> (slotsPerRank per rank).</summary>
    public static PhaseTime Experts(
        OperatorCostModel costs, LayerKind kind, int ranks, int slotsPerRank, int[] slotCounts, OperatorCost[] ops, in OperatorTimer timer, CommunicationCosts communication, ReadOnlySpan<double> slowdown)
    {
        var phase = default(PhaseTime);
        for (var r = 0; r < ranks; r++)
        {
            // Only the routed work is written (not the whole layer for an empty batch): the same operators in the same
            // order, so the sums below are the same doubles.
            var n = costs.WriteRoutedExpertWork(kind, slotCounts.AsSpan(r * slotsPerRank, slotsPerRank), ops);
            double compute = 0, memory = 0, comm = 0;
            for (var i = 0; i < n; i++)
            {
                ref readonly var op = ref ops[i];
                if (IsRoutedExpertWork(op.Kind))
                {
                    timer.Add(op, communication, ref compute, ref memory, ref comm);
                }
            }

            var slow = slowdown.IsEmpty ? 1 : slowdown[r];
            phase.AddRank(compute * slow, memory * slow, comm);
        }

        return phase;
    }

    /// <summary>Operators the expert side runs or that move tokens to it (priced separately from attention).</summary>
    public static bool IsExpertSide(OperatorKind kind) =>
        kind is OperatorKind.Dispatch or OperatorKind.Combine || IsRoutedExpertWork(kind);

    /// <summary>Work the expert rank does on its received token copies: permute, quantise, the grouped GEMMs, unpermute.</summary>
    public static bool IsRoutedExpertWork(OperatorKind kind) =>
        kind is OperatorKind.RoutedExpertsUp or OperatorKind.RoutedExpertsDown or OperatorKind.MoePermute
            or OperatorKind.ExpertActivationQuant or OperatorKind.MoeUnpermute;
}
