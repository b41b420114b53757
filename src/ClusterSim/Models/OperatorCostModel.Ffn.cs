using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>Feed-forward operators: dense FFN, router, all-to-all, routed and shared experts.</summary>
public sealed partial class OperatorCostModel
{
    private double UpWidth(double intermediate) => Model.Ffn == FfnKind.Gated ? 2 * intermediate : intermediate;

    private void WriteDenseFfn(ref OperatorWriter writer, long tokenCount)
    {
        double tokens = tokenCount;
        if (tokens <= 0)
        {
            return;
        }

        WriteNorm(ref writer, OperatorKind.FfnNorm, tokens);
        var intermediate = (double)Model.IntermediateSize / denseTp;
        WriteFfnQuantization(ref writer, tokens, intermediate, dispatch: false);
        WriteMlp(ref writer, OperatorKind.DenseFfnUp, OperatorKind.DenseFfnDown, tokens, intermediate, 1, denseWeightBytes, Precision.DenseWeights.Type);
        WriteAllReduce(ref writer, OperatorKind.FfnAllReduce, tokens, denseTp);
        WriteResidualAdd(ref writer, OperatorKind.FfnResidualAdd, tokens);
    }

    // Up (gate and up fused, output 2f) then down reading the 2f intermediate and applying the activation on load.
    // activeMatrices is how many distinct weight sets are read (experts with at least one token).
    private void WriteMlp(ref OperatorWriter writer, OperatorKind upKind, OperatorKind downKind, double tokens, double intermediate, double activeMatrices, double weightBytesPerElement, DataType computeType)
    {
        if (tokens <= 0)
        {
            return;
        }

        var up = UpWidth(intermediate);
        // A grouped GEMM over the active weight sets; its rows are the mean tokens per active set.
        var groups = Math.Max(1, activeMatrices);
        var rows = tokens / groups;
        writer.Add(
            upKind,
            OpClass.Gemm,
            2 * tokens * hidden * up,
            (activeMatrices * hidden * up * weightBytesPerElement) + (tokens * hidden * activationBytes),
            tokens * up * activationBytes,
            computeType,
            new GemmShape(groups, rows, up, hidden));
        writer.Add(
            downKind,
            OpClass.Gemm,
            2 * tokens * intermediate * hidden,
            (activeMatrices * intermediate * hidden * weightBytesPerElement) + (tokens * up * activationBytes),
            tokens * hidden * activationBytes,
            computeType,
            new GemmShape(groups, rows, hidden, intermediate));
    }

    private void WriteMoe(ref OperatorWriter writer, long tokenCount, ReadOnlySpan<int> tokensPerLocalExpert)
    {
        var moe = MoeOf(tokensPerLocalExpert, out var routed, out var activeExperts);
        double tokens = tokenCount;

        double k = moe.ExpertsPerToken;
        double experts = moe.RoutedExperts;
        var sharedWidth = (double)moe.SharedExperts * moe.ExpertIntermediateSize / denseTp;
        if (tokens > 0)
        {
            WriteNorm(ref writer, OperatorKind.FfnNorm, tokens);
            // Router logits over all experts, written in FP32 for the gate.
            writer.Add(OperatorKind.Router, OpClass.Gemm, 2 * tokens * hidden * experts, (hidden * experts * embeddingBytes) + (tokens * hidden * activationBytes), tokens * experts * 4, Precision.EmbeddingWeights, new GemmShape(1, tokens, experts, hidden));
            WriteGate(ref writer, tokens, experts, k);
            WriteFfnQuantization(ref writer, tokens, sharedWidth, dispatch: true);
        }

        // Under uniform placement a fraction (EP-1)/EP of token copies leaves or arrives from another rank.
        var remote = Plan.ExpertParallel > 1 ? (Plan.ExpertParallel - 1.0) / Plan.ExpertParallel : 0;
        if (remote > 0 && (tokens > 0 || routed > 0))
        {
            writer.Add(OperatorKind.Dispatch, OpClass.Communication, 0, remote * tokens * k * hidden * dispatchBytes, remote * routed * hidden * dispatchBytes, Precision.Dispatch);
        }

        WriteRoutedWork(ref writer, moe, routed, activeExperts);

        if (remote > 0 && (tokens > 0 || routed > 0))
        {
            writer.Add(OperatorKind.Combine, OpClass.Communication, 0, remote * routed * hidden * combineBytes, remote * tokens * k * hidden * combineBytes, Precision.Combine);
        }

        if (moe.SharedExperts > 0)
        {
            WriteMlp(ref writer, OperatorKind.SharedExpertUp, OperatorKind.SharedExpertDown, tokens, sharedWidth, 1, denseWeightBytes, Precision.DenseWeights.Type);
            WriteAllReduce(ref writer, OperatorKind.FfnAllReduce, tokens, denseTp);
        }

        WriteResidualAdd(ref writer, OperatorKind.FfnResidualAdd, tokens);
    }

    /// <summary>
    /// Writes only what an expert rank does in a MoE layer on its received copies (permute, quantisation, the grouped
    /// up and down GEMMs, unpermute): the operators <see cref="WriteLayer"/> writes for them, identical and in the same
    /// order, without the attention side an expert-side pricer would filter out. Nothing for a dense layer.
    /// </summary>
    public int WriteRoutedExpertWork(LayerKind kind, ReadOnlySpan<int> tokensPerLocalExpert, Span<OperatorCost> destination)
    {
        var writer = new OperatorWriter(destination);
        if (kind.IsMoe())
        {
            var moe = MoeOf(tokensPerLocalExpert, out var routed, out var activeExperts);
            WriteRoutedWork(ref writer, moe, routed, activeExperts);
        }

        return writer.Count;
    }

    private void WriteRoutedWork(ref OperatorWriter writer, MoeConfig moe, long routed, int activeExperts)
    {
        WriteExpertSideElementwise(ref writer, routed, moe.ExpertIntermediateSize, beforeGemms: true);
        WriteExpertSideElementwise(ref writer, routed, moe.ExpertIntermediateSize, beforeGemms: false);
        WriteMlp(ref writer, OperatorKind.RoutedExpertsUp, OperatorKind.RoutedExpertsDown, routed, moe.ExpertIntermediateSize, activeExperts, expertWeightBytes, Precision.ExpertWeights.Type);
        WriteUnpermute(ref writer, routed);
    }

    // The model's MoE block, and the rank's received copies and experts with at least one, from its per-slot counts.
    private MoeConfig MoeOf(ReadOnlySpan<int> tokensPerLocalExpert, out long routed, out int activeExperts)
    {
        var moe = Model.Moe ?? throw new InvalidOperationException($"{Model.Name} has no experts but a MoE layer was requested");
        if (tokensPerLocalExpert.Length > expertsPerRank)
        {
            throw new ArgumentException($"{tokensPerLocalExpert.Length} expert counts given but each rank holds {expertsPerRank} expert slots");
        }

        routed = 0;
        activeExperts = 0;
        foreach (var count in tokensPerLocalExpert)
        {
            if (count < 0)
            {
                throw new ArgumentException("expert token counts must be non-negative");
            }

            routed += count;
            activeExperts += count > 0 ? 1 : 0;
        }

        return moe;
    }

    /// <summary>
    /// Fills <paramref name="tokensPerLocalExpert"/> with balanced routing: the rank's share of the pool's token
    /// copies, tokensPerRank·k (the pool is tokensPerRank·EP tokens, each sent to k of E experts), spread as
    /// evenly as integers allow over this rank's E/EP experts, so Σ counts is conserved. Returns the slots used.
    /// </summary>
    public int FillBalancedExpertCounts(long tokensPerRank, Span<int> tokensPerLocalExpert)
    {
        var moe = Model.Moe ?? throw new InvalidOperationException($"{Model.Name} has no experts");
        var slots = Math.Min(tokensPerLocalExpert.Length, (moe.RoutedExperts + Plan.ExpertParallel - 1) / Plan.ExpertParallel);
        tokensPerLocalExpert.Clear();
        if (slots == 0)
        {
            return 0;
        }

        var copies = tokensPerRank * moe.ExpertsPerToken;
        var perSlot = copies / slots;
        var remainder = copies % slots;
        for (var i = 0; i < slots; i++)
        {
            tokensPerLocalExpert[i] = checked((int)(perSlot + (i < remainder ? 1 : 0)));
        }

        return slots;
    }
}
