using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>Attention operators: projections, the core over the KV cache, output projection.</summary>
public sealed partial class OperatorCostModel
{
    /// <summary>
    /// True for the operators whose cost reads the batch's context (query-key pairs, KV tokens, requests) and not only
    /// its token counts: the attention core and MLA's decompression of the cached latents.
    /// </summary>
    public static bool ReadsContext(OperatorKind kind) => kind is OperatorKind.AttentionCore or OperatorKind.MlaKvUp;

    /// <summary>
    /// True for the operators whose cost reads the new tokens of one phase (prefill or decode) alone rather than the
    /// batch's total: MLA's absorbed per-head GEMMs, written once per phase evaluated apart. Every operator of a layer's
    /// attention side that neither reads context nor this costs the same for the same total tokens.
    /// </summary>
    public static bool ReadsPhaseTokens(OperatorKind kind) => kind is OperatorKind.MlaQueryAbsorb or OperatorKind.MlaValueUp;

    /// <summary>
    /// Writes only the operators of <see cref="WriteLayer"/> for <paramref name="kind"/> and <paramref name="shape"/>
    /// that <see cref="ReadsContext"/> (and, with <paramref name="phaseTokens"/>, that <see cref="ReadsPhaseTokens"/>):
    /// identical to the ones it writes and in the same order (the same code writes them; the others are dropped).
    /// Returns the number written.
    /// </summary>
    public int WriteContextOperators(LayerKind kind, in BatchShape shape, bool phaseTokens, Span<OperatorCost> destination)
    {
        // The feed-forward side reads total tokens only, so the attention block holds every such operator.
        var writer = new OperatorWriter(destination, phaseTokens ? OperatorFilter.ContextAndPhaseTokens : OperatorFilter.Context);
        WriteAttention(ref writer, kind.IsSliding(), shape);
        return writer.Count;
    }

    private void WriteAttention(ref OperatorWriter writer, bool sliding, in BatchShape shape)
    {
        var tokens = (double)shape.Tokens;
        if (tokens <= 0)
        {
            return;
        }

        WriteNorm(ref writer, OperatorKind.AttentionNorm, tokens);
        WriteAttentionQuantization(ref writer, tokens);
        if (Model.Mla is { } mla)
        {
            WriteMla(ref writer, mla, sliding, shape);
        }
        else
        {
            WriteGroupedQuery(ref writer, sliding, shape);
        }

        var outputWidth = headsPerRank * (Model.Mla?.VHeadDim ?? Model.HeadDim);
        writer.Gemm(OperatorKind.OutputProjection, tokens, outputWidth, hidden, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type);
        WriteAllReduce(ref writer, OperatorKind.AttentionAllReduce, tokens, attentionTp);
        WriteResidualAdd(ref writer, OperatorKind.AttentionResidualAdd, tokens);
    }

    private void WriteGroupedQuery(ref OperatorWriter writer, bool sliding, in BatchShape shape)
    {
        var tokens = (double)shape.Tokens;
        var queryWidth = headsPerRank * headDim;
        var kvWidth = 2 * kvHeadsPerRank * headDim;
        writer.Gemm(OperatorKind.QkvProjection, tokens, hidden, queryWidth + kvWidth, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type);
        WriteRope(ref writer, tokens);

        var work = shape.Prefill + shape.Decode;
        var pairs = (double)(sliding ? work.WindowedPairs : work.Pairs);
        var kvTokens = (double)(sliding ? work.WindowedKvTokens : work.KvTokens);
        // QK^T and PV: 2·d_h FLOPs each per head per pair. K/V read once per request (flash-style tiling),
        // new K/V appended to the cache, queries read and outputs written once.
        writer.Add(
            OperatorKind.AttentionCore,
            OpClass.Attention,
            4 * headsPerRank * headDim * pairs,
            (kvTokens * kvWidth * kvBytes) + (tokens * queryWidth * activationBytes),
            (tokens * queryWidth * activationBytes) + (tokens * kvWidth * kvBytes),
            Precision.Activations,
            attention: sliding || !shape.Decode.IsEmpty ? default : PrefillShape(shape.Prefill));
    }

    /// <summary>
    /// A prefill-only batch in the keys of the attention-prefill table: its requests, and the causal square with the
    /// same query-key pairs per request (exact for fresh prompts of equal length; cached prefixes and unequal lengths
    /// are priced as squares of the same work).
    /// </summary>
    private AttentionShape PrefillShape(in AttentionWork prefill)
    {
        if (prefill.Requests <= 0 || prefill.Pairs <= 0)
        {
            return default;
        }

        var pairsPerRequest = (double)prefill.Pairs / prefill.Requests;
        var length = (Math.Sqrt(1 + (8 * pairsPerRequest)) - 1) / 2;
        return new AttentionShape(AttentionKernel.Prefill, Precision.Activations, prefill.Requests, length, headsPerRank, 1, headDim);
    }

    /// <summary>
    /// Absorbed MLA decode in the keys of the mla-decode table: requests, mean context (KV tokens per request), the
    /// rank's query heads and the query tokens per request (1 + drafts).
    /// </summary>
    private AttentionShape MlaDecodeShape(in AttentionWork decode) =>
        decode.Requests <= 0
            ? default
            : new AttentionShape(
                AttentionKernel.MlaDecode,
                Precision.KvCache,
                decode.Requests,
                (double)decode.KvTokens / decode.Requests,
                headsPerRank,
                (double)decode.Tokens / decode.Requests,
                0);

    private void WriteMla(ref OperatorWriter writer, MlaDimensions mla, bool sliding, in BatchShape shape)
    {
        var tokens = (double)shape.Tokens;
        double queryInput = hidden;
        if (mla.QLoraRank > 0)
        {
            // q_a is shared by all heads, so every TP rank computes it whole.
            writer.Gemm(OperatorKind.MlaQDown, tokens, hidden, mla.QLoraRank, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type);
            queryInput = mla.QLoraRank;
        }

        writer.Gemm(OperatorKind.MlaQUp, tokens, queryInput, headsPerRank * mla.QkHeadDim, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type);

        // kv_a writes the new latent and rotary key straight into the cache (replicated on every TP rank).
        writer.Add(
            OperatorKind.MlaKvDown,
            OpClass.Gemm,
            2 * tokens * hidden * mla.CachedElementsPerToken,
            (hidden * mla.CachedElementsPerToken * attentionWeightBytes) + (tokens * hidden * activationBytes),
            tokens * mla.CachedElementsPerToken * kvBytes,
            Precision.AttentionWeights.Type,
            new GemmShape(1, tokens, mla.CachedElementsPerToken, hidden));
        WriteRope(ref writer, tokens);

        if (Options.Prefill == Options.Decode)
        {
            WriteMlaCore(ref writer, mla, sliding, shape.Prefill + shape.Decode, Options.Decode, decodeOnly: shape.Prefill.IsEmpty);
        }
        else
        {
            WriteMlaCore(ref writer, mla, sliding, shape.Prefill, Options.Prefill, decodeOnly: false);
            WriteMlaCore(ref writer, mla, sliding, shape.Decode, Options.Decode, decodeOnly: true);
        }
    }

    private void WriteMlaCore(ref OperatorWriter writer, MlaDimensions mla, bool sliding, AttentionWork work, MlaMode mode, bool decodeOnly)
    {
        if (work.IsEmpty)
        {
            return;
        }

        var tokens = (double)work.Tokens;
        var pairs = (double)(sliding ? work.WindowedPairs : work.Pairs);
        var kvTokens = (double)(sliding ? work.WindowedKvTokens : work.KvTokens);
        double h = headsPerRank;
        double rank = mla.KvLoraRank;
        double rope = mla.QkRopeHeadDim;
        double nope = mla.QkNopeHeadDim;
        double v = mla.VHeadDim;

        if (mode == MlaMode.Absorbed)
        {
            // W_UK and W_UV are per-head slices of kv_b: batched GEMMs over the heads.
            writer.Gemm(OperatorKind.MlaQueryAbsorb, tokens, nope, rank, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type, h);

            // Scores against latent+rope (kv_lora + rope per head), values from the latent (kv_lora per head);
            // the latent of each context token is read once and serves both.
            writer.Add(
                OperatorKind.AttentionCore,
                OpClass.Attention,
                2 * h * ((2 * rank) + rope) * pairs,
                (kvTokens * (rank + rope) * kvBytes) + (tokens * h * (rank + rope) * activationBytes),
                tokens * h * rank * activationBytes,
                Precision.Activations,
                attention: decodeOnly && !sliding ? MlaDecodeShape(work) : default);

            writer.Gemm(OperatorKind.MlaValueUp, tokens, rank, v, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type, h);
            return;
        }

        // Not absorbed: kv_b decompresses every context latent into per-head K (nope) and V, each step.
        writer.Add(
            OperatorKind.MlaKvUp,
            OpClass.Gemm,
            2 * kvTokens * rank * h * (nope + v),
            (rank * h * (nope + v) * attentionWeightBytes) + (kvTokens * rank * kvBytes),
            kvTokens * h * (nope + v) * activationBytes,
            Precision.AttentionWeights.Type,
            new GemmShape(1, kvTokens, h * (nope + v), rank));
        writer.Add(
            OperatorKind.AttentionCore,
            OpClass.Attention,
            2 * h * (nope + rope + v) * pairs,
            (kvTokens * h * (nope + v) * activationBytes) + (kvTokens * rope * kvBytes) + (tokens * h * (nope + rope) * activationBytes),
            tokens * h * v * activationBytes,
            Precision.Activations);
    }
}
