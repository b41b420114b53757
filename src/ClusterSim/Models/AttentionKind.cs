namespace ClusterSim.Models;

/// <summary>How a model's attention stores and reads keys and values.</summary>
public enum AttentionKind
{
    /// <summary>Multi-head attention: one key/value head per query head.</summary>
    MultiHead,

    /// <summary>Grouped-query attention: several query heads share one key/value head.</summary>
    GroupedQuery,

    /// <summary>Multi-head latent attention: one compressed latent per token shared by all heads.</summary>
    MultiHeadLatent,
}

/// <summary>Shape of the feed-forward block.</summary>
public enum FfnKind
{
    /// <summary>Gated (SwiGLU-style): gate, up and down matrices, 6·d·f FLOPs per token.</summary>
    Gated,

    /// <summary>Plain two-matrix MLP with GELU (GPT-2/GPT-3): 4·d·f FLOPs per token.</summary>
    Plain,
}

/// <summary>How a multi-head latent attention layer is evaluated.</summary>
public enum MlaMode
{
    /// <summary>Decompress the latent into full keys and values, then ordinary attention (best in prefill).</summary>
    NotAbsorbed,

    /// <summary>Fold the key and value up-projections into the query and output (best in decode).</summary>
    Absorbed,
}
