namespace ClusterSim.Models;

/// <summary>Every operator the cost model emits; names come from <see cref="OperatorNames"/>.</summary>
public enum OperatorKind
{
    /// <summary>Token embedding lookup (and learned positions).</summary>
    Embedding,

    /// <summary>Norm before attention.</summary>
    AttentionNorm,

    /// <summary>Fused Q, K and V projection (MHA/GQA).</summary>
    QkvProjection,

    /// <summary>MLA query down-projection q_a (replicated across TP ranks).</summary>
    MlaQDown,

    /// <summary>MLA query up-projection q_b (split by heads).</summary>
    MlaQUp,

    /// <summary>MLA key/value down-projection kv_a to the cached latent plus rotary key (replicated).</summary>
    MlaKvDown,

    /// <summary>MLA not absorbed: kv_b decompresses every context latent into full keys and values.</summary>
    MlaKvUp,

    /// <summary>MLA absorbed: query nope part times W_UK, into latent space.</summary>
    MlaQueryAbsorb,

    /// <summary>MLA absorbed: latent attention output times W_UV, back to value heads.</summary>
    MlaValueUp,

    /// <summary>Scores, softmax and weighted values over the KV cache, including appending new keys/values.</summary>
    AttentionCore,

    /// <summary>Attention output projection o_proj.</summary>
    OutputProjection,

    /// <summary>All-reduce of attention output over the TP group.</summary>
    AttentionAllReduce,

    /// <summary>Norm before the feed-forward.</summary>
    FfnNorm,

    /// <summary>Dense feed-forward gate and up projections (or the single up matrix of a plain MLP).</summary>
    DenseFfnUp,

    /// <summary>Dense feed-forward down projection with the activation fused on load.</summary>
    DenseFfnDown,

    /// <summary>All-reduce of the dense feed-forward output over its TP group.</summary>
    FfnAllReduce,

    /// <summary>Router logits and top-k selection.</summary>
    Router,

    /// <summary>All-to-all sending token copies to expert ranks.</summary>
    Dispatch,

    /// <summary>Routed experts' gate and up projections (grouped GEMM).</summary>
    RoutedExpertsUp,

    /// <summary>Routed experts' down projection (grouped GEMM).</summary>
    RoutedExpertsDown,

    /// <summary>All-to-all returning expert outputs to the tokens' ranks.</summary>
    Combine,

    /// <summary>Shared experts' gate and up projections.</summary>
    SharedExpertUp,

    /// <summary>Shared experts' down projection.</summary>
    SharedExpertDown,

    /// <summary>Final norm before the LM head.</summary>
    FinalNorm,

    /// <summary>LM head producing logits.</summary>
    LmHead,

    /// <summary>MTP module's projection of [hidden; embedding] (2d → d).</summary>
    MtpProjection,

    /// <summary>Rotary position embedding of the rotated part of queries and keys (MLA: the 64 RoPE dims only).</summary>
    Rope,

    /// <summary>Quantisation of BF16 activations (with their scales) before the attention block's FP8 or FP4 GEMMs.</summary>
    AttentionActivationQuant,

    /// <summary>Residual add after attention: its output added to the residual stream.</summary>
    AttentionResidualAdd,

    /// <summary>Quantisation on the tokens' rank before the feed-forward's FP8 or FP4 GEMMs and before an FP8 dispatch.</summary>
    FfnActivationQuant,

    /// <summary>Residual add after the feed-forward (dense or MoE): its output added to the residual stream.</summary>
    FfnResidualAdd,

    /// <summary>Gate after the router GEMM: scoring function, (grouped) top-k and weight normalisation.</summary>
    MoeGate,

    /// <summary>Permute: routed token copies gathered into per-expert contiguous order on the expert rank.</summary>
    MoePermute,

    /// <summary>Quantisation of routed-expert GEMM inputs on the expert rank (the down projection's input).</summary>
    ExpertActivationQuant,

    /// <summary>Unpermute: expert outputs scattered back to token order and scaled by their gate weights.</summary>
    MoeUnpermute,

    /// <summary>Logits processing and sampling: softmax over the vocabulary and the draw, per sampled token.</summary>
    Sampling,
}

/// <summary>Broad class of an operator, which decides how it is priced.</summary>
public enum OpClass
{
    /// <summary>Matrix multiplication on tensor cores.</summary>
    Gemm,

    /// <summary>Attention over the KV cache.</summary>
    Attention,

    /// <summary>Memory-bound elementwise or reduction work.</summary>
    Elementwise,

    /// <summary>Data moved between devices; bytes read are sent, bytes written are received.</summary>
    Communication,
}

/// <summary>Display names of <see cref="OperatorKind"/> values, for tables and traces (never on the hot path).</summary>
public static class OperatorNames
{
    /// <summary>The snake_case name of an operator ("routed_experts_up").</summary>
    public static string Name(this OperatorKind kind) => kind switch
    {
        OperatorKind.Embedding => "embedding",
        OperatorKind.AttentionNorm => "attention_norm",
        OperatorKind.QkvProjection => "qkv_projection",
        OperatorKind.MlaQDown => "mla_q_down",
        OperatorKind.MlaQUp => "mla_q_up",
        OperatorKind.MlaKvDown => "mla_kv_down",
        OperatorKind.MlaKvUp => "mla_kv_up",
        OperatorKind.MlaQueryAbsorb => "mla_query_absorb",
        OperatorKind.MlaValueUp => "mla_value_up",
        OperatorKind.AttentionCore => "attention_core",
        OperatorKind.OutputProjection => "output_projection",
        OperatorKind.AttentionAllReduce => "attention_all_reduce",
        OperatorKind.FfnNorm => "ffn_norm",
        OperatorKind.DenseFfnUp => "dense_ffn_up",
        OperatorKind.DenseFfnDown => "dense_ffn_down",
        OperatorKind.FfnAllReduce => "ffn_all_reduce",
        OperatorKind.Router => "router",
        OperatorKind.Dispatch => "dispatch",
        OperatorKind.RoutedExpertsUp => "routed_experts_up",
        OperatorKind.RoutedExpertsDown => "routed_experts_down",
        OperatorKind.Combine => "combine",
        OperatorKind.SharedExpertUp => "shared_expert_up",
        OperatorKind.SharedExpertDown => "shared_expert_down",
        OperatorKind.FinalNorm => "final_norm",
        OperatorKind.LmHead => "lm_head",
        OperatorKind.MtpProjection => "mtp_projection",
        OperatorKind.Rope => "rope",
        OperatorKind.AttentionActivationQuant => "attention_activation_quant",
        OperatorKind.AttentionResidualAdd => "attention_residual_add",
        OperatorKind.FfnActivationQuant => "ffn_activation_quant",
        OperatorKind.FfnResidualAdd => "ffn_residual_add",
        OperatorKind.MoeGate => "moe_gate",
        OperatorKind.MoePermute => "moe_permute",
        OperatorKind.ExpertActivationQuant => "expert_activation_quant",
        OperatorKind.MoeUnpermute => "moe_unpermute",
        OperatorKind.Sampling => "sampling",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown operator"),
    };
}
