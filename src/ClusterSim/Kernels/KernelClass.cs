namespace ClusterSim.Kernels;

/// <summary>The kinds of kernel a performance table can describe; each has its own shape keys (docs/kernels.md).</summary>
public enum KernelClass
{
    /// <summary>One dense GEMM, keys m, n, k.</summary>
    DenseGemm,

    /// <summary>Grouped GEMM with tokens of all groups concatenated (MoE prefill), keys groups, m_per_group, n, k.</summary>
    GroupedGemmContiguous,

    /// <summary>Grouped GEMM over a padded per-group buffer with a mask of valid rows (MoE decode), same keys.</summary>
    GroupedGemmMasked,

    /// <summary>Absorbed MLA decode attention, keys batch, context, heads, q_per_request.</summary>
    MlaDecode,

    /// <summary>Dense attention prefill, keys batch, seq_len, heads, head_dim, causal (0 or 1).</summary>
    AttentionPrefill,

    /// <summary>MoE dispatch with the high-throughput (normal) all-to-all, keys ep, tokens_per_rank, hidden, topk.</summary>
    MoeDispatchNormal,

    /// <summary>MoE combine with the high-throughput (normal) all-to-all, same keys.</summary>
    MoeCombineNormal,

    /// <summary>MoE dispatch with the low-latency all-to-all, same keys.</summary>
    MoeDispatchLowLatency,

    /// <summary>MoE combine with the low-latency all-to-all, same keys.</summary>
    MoeCombineLowLatency,

    /// <summary>All-reduce, keys ranks, bytes.</summary>
    AllReduce,

    /// <summary>All-gather, keys ranks, bytes.</summary>
    AllGather,
}
