using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>
/// FLOPs and HBM bytes of every operator of a model, per device, under a <see cref="ParallelPlan"/>.
/// </summary>
/// <remarks>
/// Layers of one <see cref="LayerKind"/> are identical, so callers price one layer per kind and multiply by
/// <see cref="ModelArchitecture.LayerCounts"/>. All Write methods fill a caller-provided span and allocate
/// nothing; a span of <see cref="MaxOperatorsPerLayer"/> always suffices. Conventions are in docs/modeling.md.
/// </remarks>
public sealed partial class OperatorCostModel
{
    /// <summary>Upper bound on operators any Write method emits.</summary>
    public const int MaxOperatorsPerLayer = 48;

    private readonly double hidden;
    private readonly double headsPerRank;
    private readonly double kvHeadsPerRank;
    private readonly double headDim;
    private readonly double attentionWeightBytes;
    private readonly double denseWeightBytes;
    private readonly double expertWeightBytes;
    private readonly double embeddingBytes;
    private readonly double kvBytes;
    private readonly double activationBytes;
    private readonly double dispatchBytes;
    private readonly double combineBytes;
    private readonly int attentionTp;
    private readonly int denseTp;
    private readonly int expertsPerRank;

    /// <summary>Creates the cost model; <paramref name="precision"/> defaults to the model's, options to <see cref="AttentionOptions.Default"/>.</summary>
    public OperatorCostModel(ModelArchitecture model, ParallelPlan plan, ModelPrecision? precision = null, AttentionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate(model);
        Model = model;
        Plan = plan;
        Precision = precision ?? model.Precision;
        Options = options ?? AttentionOptions.Default;

        attentionTp = plan.AttentionTensorParallel;
        denseTp = plan.EffectiveDenseTensorParallel;
        hidden = model.HiddenSize;
        headsPerRank = (double)model.AttentionHeads / attentionTp;
        // A KV head cannot be split: with TP above the KV head count each rank keeps a replica of one head.
        kvHeadsPerRank = Math.Max(1.0, (double)model.KeyValueHeads / attentionTp);
        headDim = model.HeadDim;
        attentionWeightBytes = Precision.AttentionWeights.BytesPerElement();
        denseWeightBytes = Precision.DenseWeights.BytesPerElement();
        expertWeightBytes = Precision.ExpertWeights.BytesPerElement();
        embeddingBytes = Precision.EmbeddingWeights.BytesPerElement();
        kvBytes = Precision.KvCache.BytesPerElement();
        activationBytes = Precision.Activations.BytesPerElement();
        dispatchBytes = Precision.Dispatch.BytesPerElement();
        combineBytes = Precision.Combine.BytesPerElement();
        expertsPerRank = model.Moe is { } moe ? plan.ExpertsPerRank(moe) : 0;
    }

    /// <summary>The model being priced.</summary>
    public ModelArchitecture Model { get; }

    /// <summary>The parallel plan the costs are per device under.</summary>
    public ParallelPlan Plan { get; }

    /// <summary>Numeric formats in use.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>MLA evaluation modes per phase.</summary>
    public AttentionOptions Options { get; }

    /// <summary>Expert slots on each EP rank (the length the expert-count span may have).</summary>
    public int ExpertsPerRank => expertsPerRank;

    /// <summary>
    /// Writes the operators of one decoder layer of <paramref name="kind"/> for the step's batch on this
    /// device. <paramref name="tokensPerLocalExpert"/> holds the tokens routed to each expert slot on this
    /// device (ignored by dense layers). Returns the number of operators written.
    /// </summary>
    public int WriteLayer(LayerKind kind, in BatchShape shape, ReadOnlySpan<int> tokensPerLocalExpert, Span<OperatorCost> destination)
    {
        var writer = new OperatorWriter(destination);
        WriteAttention(ref writer, kind.IsSliding(), shape);
        if (kind.IsMoe())
        {
            WriteMoe(ref writer, shape.Tokens, tokensPerLocalExpert);
        }
        else
        {
            WriteDenseFfn(ref writer, shape.Tokens);
        }

        return writer.Count;
    }

    /// <summary>Writes the once-per-step operators before the first layer (embedding lookup).</summary>
    public int WriteStepStart(in BatchShape shape, Span<OperatorCost> destination)
    {
        var writer = new OperatorWriter(destination);
        var tokens = (double)shape.Tokens;
        if (tokens > 0)
        {
            var positions = Model.LearnedPositions > 0 ? 2 : 1;
            writer.Add(OperatorKind.Embedding, OpClass.Elementwise, positions * tokens * hidden, positions * tokens * hidden * embeddingBytes, tokens * hidden * activationBytes, Precision.Activations);
        }

        return writer.Count;
    }

    /// <summary>Writes the once-per-step operators after the last layer (final norm, LM head over the logit tokens).</summary>
    public int WriteStepEnd(in BatchShape shape, Span<OperatorCost> destination)
    {
        var writer = new OperatorWriter(destination);
        WriteHead(ref writer, shape.LogitTokens);
        return writer.Count;
    }

    /// <summary>
    /// Writes one MTP module step (DeepSeek-V3 num_nextn_predict_layers): the 2d→d projection, one decoder
    /// layer of the last layer's kind, and the shared LM head. <paramref name="shape"/> describes the draft tokens.
    /// </summary>
    public int WriteMtpModule(in BatchShape shape, ReadOnlySpan<int> tokensPerLocalExpert, Span<OperatorCost> destination)
    {
        var writer = new OperatorWriter(destination);
        var tokens = (double)shape.Tokens;
        // enorm and hnorm on the two inputs, then eh_proj over the concatenation; eh_proj is a projection into the
        // attention block and is stored like the attention weights (FP8 in DeepSeek-V3's checkpoint).
        WriteNorm(ref writer, OperatorKind.AttentionNorm, 2 * tokens);
        writer.Gemm(OperatorKind.MtpProjection, tokens, 2 * hidden, hidden, attentionWeightBytes, activationBytes, Precision.AttentionWeights.Type);
        var kind = Model.MtpLayerKind;
        WriteAttention(ref writer, kind.IsSliding(), shape);
        if (kind.IsMoe())
        {
            WriteMoe(ref writer, shape.Tokens, tokensPerLocalExpert);
        }
        else
        {
            WriteDenseFfn(ref writer, shape.Tokens);
        }

        WriteHead(ref writer, shape.LogitTokens);
        return writer.Count;
    }

    private void WriteHead(ref OperatorWriter writer, double logitTokens)
    {
        if (logitTokens <= 0)
        {
            return;
        }

        WriteNorm(ref writer, OperatorKind.FinalNorm, logitTokens);
        // Vocabulary-parallel over the dense TP group; logits are written in FP32 for sampling.
        var vocabPerRank = (double)Model.VocabSize / denseTp;
        writer.Add(
            OperatorKind.LmHead,
            OpClass.Gemm,
            2 * logitTokens * hidden * vocabPerRank,
            (hidden * vocabPerRank * embeddingBytes) + (logitTokens * hidden * activationBytes),
            logitTokens * vocabPerRank * 4,
            Precision.EmbeddingWeights,
            new GemmShape(1, logitTokens, vocabPerRank, hidden));
        WriteSampling(ref writer, logitTokens);
    }

    private void WriteNorm(ref OperatorWriter writer, OperatorKind kind, double tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        // Square, reduce, scale and multiply by the weight: about 4 FLOPs per element.
        writer.Add(kind, OpClass.Elementwise, 4 * tokens * hidden, (tokens * hidden * activationBytes) + (hidden * attentionWeightBytes), tokens * hidden * activationBytes, Precision.Activations);
    }

    private void WriteAllReduce(ref OperatorWriter writer, OperatorKind kind, double tokens, int ranks)
    {
        if (ranks <= 1 || tokens <= 0)
        {
            return;
        }

        // Ring all-reduce: each rank sends and receives 2·(n-1)/n of the payload.
        var bytes = 2.0 * (ranks - 1) / ranks * tokens * hidden * activationBytes;
        writer.Add(kind, OpClass.Communication, 0, bytes, bytes, Precision.Activations);
    }
}
