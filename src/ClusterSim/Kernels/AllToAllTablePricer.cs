using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// Prices one MoE dispatch or combine from the measured all-to-all tables of the pool's kernel family, at the
/// benchmark's own keys: expert-parallel ranks, tokens per rank, hidden size and top-k. An exact row or log-log
/// interpolation between rows gives the time of one call (one layer, one micro-batch); anything else, including a row
/// that publishes a bandwidth but no time, gives <see cref="KernelEstimate.None"/> and the caller keeps the flow model.
/// </summary>
/// <remarks>
/// Nothing is scaled: a table measured at one hidden size, top-k or token count says nothing about another (the
/// published rows cannot separate the kernels' fixed cost from their per-byte cost), so such shapes fall back.
/// Low-latency kernels write every copy over RDMA, so their rows are on the rdma link; the normal kernels' rows are on
/// nvlink inside one scale-up domain and rdma across. Allocation-free.
/// </remarks>
public sealed class AllToAllTablePricer
{
    private readonly KernelTable? dispatch;
    private readonly KernelTable? combine;
    private readonly KernelLink link;

    /// <summary>Reads the tables of <paramref name="family"/> from <paramref name="tables"/>.</summary>
    /// <param name="tables">The accelerator's tables, or null for none.</param>
    /// <param name="family">The pool's all-to-all kernels.</param>
    /// <param name="crossesDomains">True when the expert-parallel group spans scale-up domains (normal kernels then read the rdma rows).</param>
    public AllToAllTablePricer(KernelTables? tables, AllToAllKernels family, bool crossesDomains)
    {
        Family = family;
        (dispatch, combine, link) = family switch
        {
            AllToAllKernels.LowLatency => (tables?.For(KernelClass.MoeDispatchLowLatency), tables?.For(KernelClass.MoeCombineLowLatency), KernelLink.Rdma),
            AllToAllKernels.Normal => (tables?.For(KernelClass.MoeDispatchNormal), tables?.For(KernelClass.MoeCombineNormal), crossesDomains ? KernelLink.Rdma : KernelLink.NvLink),
            _ => ((KernelTable?)null, (KernelTable?)null, KernelLink.None),
        };
    }

    /// <summary>The kernel family whose tables are read.</summary>
    public AllToAllKernels Family { get; }

    /// <summary>The link whose rows are read.</summary>
    public KernelLink Link => link;

    /// <summary>True when the family has a dispatch or combine table on this accelerator.</summary>
    public bool HasTables => dispatch is not null || combine is not null;

    /// <summary>One dispatch of <paramref name="tokensPerRank"/> tokens per rank over <paramref name="ep"/> ranks, in <paramref name="format"/>.</summary>
    public KernelEstimate Dispatch(DataType format, double ep, double tokensPerRank, double hidden, double topk) =>
        Lookup(dispatch, format, ep, tokensPerRank, hidden, topk);

    /// <summary>One combine, as <see cref="Dispatch"/>.</summary>
    public KernelEstimate Combine(DataType format, double ep, double tokensPerRank, double hidden, double topk) =>
        Lookup(combine, format, ep, tokensPerRank, hidden, topk);

    private KernelEstimate Lookup(KernelTable? table, DataType format, double ep, double tokensPerRank, double hidden, double topk)
    {
        if (table is null || tokensPerRank <= 0)
        {
            return KernelEstimate.None;
        }

        Span<double> keys = stackalloc double[4];
        keys[0] = ep;
        keys[1] = tokensPerRank;
        keys[2] = hidden;
        keys[3] = topk;
        var estimate = table.Lookup(format, link, keys);
        return estimate.HasValue && !double.IsNaN(estimate.TimeUs) ? estimate : KernelEstimate.None;
    }
}
