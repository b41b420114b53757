using System.Collections.Immutable;

namespace ClusterSim.Models;

/// <summary>
/// A transformer's shape as read from a Hugging Face config.json, with the MoE, attention and layer-rule
/// dialects normalised. Immutable; build it with <see cref="ModelConfigReader"/> or <see cref="ModelCatalog"/>.
/// </summary>
public sealed record ModelArchitecture
{
    /// <summary>Catalog name ("deepseek-v3") or the file name without extension.</summary>
    public required string Name { get; init; }

    /// <summary>The config's model_type ("deepseek_v3", "llama", "gpt2").</summary>
    public required string ModelType { get; init; }

    /// <summary>Residual stream width d.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Decoder layers, not counting MTP layers.</summary>
    public required int Layers { get; init; }

    /// <summary>Query heads n_h.</summary>
    public required int AttentionHeads { get; init; }

    /// <summary>Key/value heads (equal to <see cref="AttentionHeads"/> for MHA and MLA).</summary>
    public required int KeyValueHeads { get; init; }

    /// <summary>Per-head width for MHA/GQA; for MLA the value head width.</summary>
    public required int HeadDim { get; init; }

    /// <summary>Attention kind derived from the head counts and MLA keys.</summary>
    public required AttentionKind Attention { get; init; }

    /// <summary>MLA dimensions; null unless <see cref="Attention"/> is MLA.</summary>
    public MlaDimensions? Mla { get; init; }

    /// <summary>Intermediate width of the dense feed-forward.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary>Gated (3 matrices) or plain (2 matrices) feed-forward.</summary>
    public required FfnKind Ffn { get; init; }

    /// <summary>Mixture-of-experts settings; null for a dense model.</summary>
    public MoeConfig? Moe { get; init; }

    /// <summary>Vocabulary size.</summary>
    public required int VocabSize { get; init; }

    /// <summary>True when the LM head shares the embedding matrix.</summary>
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Learned absolute position embeddings (GPT-2 style n_positions); 0 for rotary models.</summary>
    public int LearnedPositions { get; init; }

    /// <summary>Sliding-window length in tokens; 0 when no layer uses one.</summary>
    public int SlidingWindow { get; init; }

    /// <summary>Multi-token-prediction layers (num_nextn_predict_layers), not included in <see cref="Layers"/>.</summary>
    public int MtpLayers { get; init; }

    /// <summary>True when attention projections carry biases.</summary>
    public bool AttentionBias { get; init; }

    /// <summary>True when feed-forward matrices carry biases (GPT-2 style).</summary>
    public bool MlpBias { get; init; }

    /// <summary>True for LayerNorm (weight and bias), false for RMSNorm (weight only).</summary>
    public bool LayerNormWithBias { get; init; }

    /// <summary>Maximum context length the model supports.</summary>
    public int MaxPositionEmbeddings { get; init; }

    /// <summary>Default numeric formats from torch_dtype and quantization_config.</summary>
    public required ModelPrecision Precision { get; init; }

    /// <summary>Kind of each decoder layer, in order.</summary>
    public required ImmutableArray<LayerKind> LayerKinds
    {
        get;
        init
        {
            field = value;
            // Counted once here so pricing can read the counts every step without enumerating.
            LayerCounts = LayerCounts.From(value);
        }
    }

    /// <summary>How many layers of each kind the model has.</summary>
    public LayerCounts LayerCounts { get; private init; }

    /// <summary>True when the model has routed experts.</summary>
    public bool IsMoe => Moe is not null;

    /// <summary>Query heads per key/value head (g); 1 for MHA and MLA.</summary>
    public int QueryGroupSize => AttentionHeads / KeyValueHeads;

    /// <summary>Width of all query heads together (n_h·qk head dim).</summary>
    public int QueryWidth => AttentionHeads * (Mla?.QkHeadDim ?? HeadDim);

    /// <summary>Width of the attention output before the output projection (n_h·v head dim).</summary>
    public int AttentionOutputWidth => AttentionHeads * (Mla?.VHeadDim ?? HeadDim);

    /// <summary>KV-cache elements per token per layer: 2·kv heads·head dim, or the MLA latent plus rotary key.</summary>
    public int KvElementsPerTokenPerLayer =>
        Mla is { } mla ? mla.CachedElementsPerToken : 2 * KeyValueHeads * HeadDim;

    /// <summary>The kind of MTP layers: the same shape as the last decoder layer.</summary>
    public LayerKind MtpLayerKind => LayerKinds[^1];
}
