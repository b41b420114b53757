using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>KV-cache sizes, activation workspace and per-device weight memory of a model.</summary>
public sealed class ModelMemory
{
    private readonly ModelArchitecture model;
    private readonly ModelPrecision precision;
    private readonly ParameterCounts parameters;

    /// <summary>Uses the model's default precision unless one is given.</summary>
    public ModelMemory(ModelArchitecture model, ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        this.precision = precision ?? model.Precision;
        parameters = ParameterCounts.Of(model);
    }

    /// <summary>Parameter counts the weight sizes come from.</summary>
    public ParameterCounts Parameters => parameters;

    /// <summary>KV-cache bytes per token for one layer (whole model, no parallelism).</summary>
    public double KvBytesPerTokenPerLayer => model.KvElementsPerTokenPerLayer * precision.KvCache.BytesPerElement();

    /// <summary>KV-cache bytes per token over all decoder layers, ignoring sliding windows (70,272 for DeepSeek-V3 in BF16).</summary>
    public double KvBytesPerToken => model.Layers * KvBytesPerTokenPerLayer;

    /// <summary>KV-cache bytes of one request at a context length, with sliding-window layers capped at the window.</summary>
    public double KvBytesForContext(long contextTokens)
    {
        var counts = model.LayerCounts;
        var windowed = model.SlidingWindow > 0 ? Math.Min(contextTokens, model.SlidingWindow) : contextTokens;
        return KvBytesPerTokenPerLayer * (((double)(counts.Total - counts.Sliding) * contextTokens) + ((double)counts.Sliding * windowed));
    }

    /// <summary>
    /// Activation workspace per in-flight token: the widest intermediate tensor (FFN up output, attention
    /// QKV, or router logits) in and out, in the activation format; a rough estimate used for capacity.
    /// </summary>
    public double ActivationBytesPerToken
    {
        get
        {
            var ffnWidth = model.Ffn == FfnKind.Gated ? 2.0 * model.IntermediateSize : model.IntermediateSize;
            var widest = Math.Max(ffnWidth, Math.Max(model.QueryWidth + (2.0 * model.KeyValueHeads * model.HeadDim), model.HiddenSize));
            return (widest + model.HiddenSize) * precision.Activations.BytesPerElement();
        }
    }

    /// <summary>HBM on one device of pipeline stage <paramref name="stage"/> under <paramref name="plan"/>.</summary>
    public DeviceMemory PerDevice(ParallelPlan plan, int stage = 0)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate(model);
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(stage, plan.PipelineParallel);

        var counts = StageLayerCounts(plan.PipelineParallel, stage);
        // Block scales are part of each format's bytes per element (WeightFormat), so they count here.
        var attentionBytes = precision.AttentionWeights.BytesPerElement();
        var denseBytes = precision.DenseWeights.BytesPerElement();
        var tp = plan.AttentionTensorParallel;
        var denseTp = plan.EffectiveDenseTensorParallel;

        var attentionPerLayer = (AttentionReplicatedParameters() + ((parameters.AttentionPerLayer - AttentionReplicatedParameters()) / tp)) * attentionBytes;
        var attention = counts.Total * (attentionPerLayer + (parameters.NormsPerLayer * attentionBytes));
        var dense = counts.Dense * parameters.DenseFfnPerLayer / denseTp * denseBytes;
        double routed = 0;
        double shared = 0;
        if (model.Moe is { } moe)
        {
            routed = counts.Moe * plan.ExpertsPerRank(moe) * parameters.RoutedExpert * precision.ExpertWeights.BytesPerElement();
            shared = counts.Moe * ((parameters.SharedExpertsPerLayer / denseTp * denseBytes) + (parameters.RouterPerLayer * precision.EmbeddingWeights.BytesPerElement()));
        }

        var embeddingBytes = precision.EmbeddingWeights.BytesPerElement();
        double embedAndHead = 0;
        if (stage == 0)
        {
            // Vocabulary-parallel embedding, as in vLLM and SGLang.
            embedAndHead += ((parameters.Embedding / denseTp) + parameters.PositionEmbedding) * embeddingBytes;
        }

        if (stage == plan.PipelineParallel - 1 && parameters.LmHead > 0)
        {
            embedAndHead += parameters.LmHead / denseTp * embeddingBytes;
        }

        // MLA keeps the whole latent on every TP rank; GQA splits KV heads down to one per rank.
        var kvPerLayer = model.Mla is not null
            ? KvBytesPerTokenPerLayer
            : KvBytesPerTokenPerLayer * Math.Max(1.0, (double)model.KeyValueHeads / tp) / model.KeyValueHeads;
        return new DeviceMemory(attention, dense, routed, shared, embedAndHead, (counts.Total - counts.Sliding) * kvPerLayer, (double)counts.Sliding * kvPerLayer * model.SlidingWindow);
    }

    /// <summary>Layer counts of a contiguous, near-even pipeline split (stage s holds layers [s·n/P, (s+1)·n/P)).</summary>
    public LayerCounts StageLayerCounts(int stages, int stage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stages, 1);
        var first = (int)((long)stage * model.Layers / stages);
        var end = (int)((long)(stage + 1) * model.Layers / stages);
        return LayerCounts.From(model.LayerKinds.Skip(first).Take(end - first));
    }

    // Parameters every TP rank holds whole: MLA's down-projections and their norms.
    private double AttentionReplicatedParameters()
    {
        if (model.Mla is not { } mla)
        {
            return 0;
        }

        double d = model.HiddenSize;
        var qDown = mla.QLoraRank > 0 ? (d * mla.QLoraRank) + mla.QLoraRank : 0;
        return qDown + (d * mla.CachedElementsPerToken) + mla.KvLoraRank;
    }
}
