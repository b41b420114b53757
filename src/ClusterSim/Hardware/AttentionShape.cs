namespace ClusterSim.Hardware;

/// <summary>Which attention kernel table, if any, can speak for an attention-core call.</summary>
public enum AttentionKernel
{
    /// <summary>No table maps this call (mixed prefill and decode, MLA prefill, sliding windows): roofline only.</summary>
    None,

    /// <summary>Absorbed MLA decode over the latent cache (FlashMLA; the <c>mla-decode</c> table).</summary>
    MlaDecode,

    /// <summary>Causal prefill of fresh prompts, multi-head or grouped-query (the <c>attention-prefill</c> table).</summary>
    Prefill,
}

/// <summary>
/// The shape of one attention-core call in the keys its kernel table uses, filled in by the operator cost model
/// beside the operator's FLOPs and bytes. The default value (kernel <see cref="AttentionKernel.None"/>) means no table
/// applies. The mapping from the simulator's batch to these keys is documented in docs/kernels.md, "Attention and
/// communication in the step pricer".
/// </summary>
/// <param name="Kernel">Which table can answer.</param>
/// <param name="Format">The format the kernel streams: the KV cache's for MLA decode, the activations' for prefill.</param>
/// <param name="Batch">Requests in the call.</param>
/// <param name="Length">MLA decode: mean context (KV tokens per request). Prefill: the causal square with the same query-key pairs per request, s with s(s + 1)/2 = pairs / batch.</param>
/// <param name="Heads">Query heads on the rank (all of them under DP attention, heads / TP under attention TP).</param>
/// <param name="QueriesPerRequest">MLA decode: query tokens per request s_q (1, or 1 + drafts under MTP). Prefill: 1.</param>
/// <param name="HeadDim">Prefill: the head dimension of queries, keys and values. MLA decode: 0 (the latent widths are the table's convention).</param>
public readonly record struct AttentionShape(AttentionKernel Kernel, DataType Format, double Batch, double Length, double Heads, double QueriesPerRequest, double HeadDim);
