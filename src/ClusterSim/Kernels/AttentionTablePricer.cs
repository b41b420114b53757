using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// Looks an attention-core call up in the accelerator's attention tables: <c>mla-decode</c> (FlashMLA) for absorbed
/// MLA decode, <c>attention-prefill</c> for causal prefill. An exact row or log-log interpolation between rows gives
/// the time of one call; any other shape gets <see cref="KernelEstimate.None"/> and the caller uses the roofline.
/// </summary>
/// <remarks>
/// MLA decode: the latent cache is one KV head shared by every query head, and FlashMLA packs the h_q·s_q query rows
/// of a request against it (its scheduler sizes the work by s_q·h_q per KV head), so the time depends on heads and
/// s_q only through their product. The table's own rows show it: (h_q 16, s_q 2) and (32, 1) both take 218 µs,
/// (32, 2) and (64, 1) both 223 µs. A call is first matched exactly as measured (its own h_q and s_q); otherwise it is
/// looked up at s_q = 1 with h_q·s_q query rows, which interpolates along the one axis the time follows (and lets
/// MTP's s_q = 2 at 16 heads use the 32-head row). Batch and context must be matched or bracketed too; the table never
/// extrapolates. Allocation-free.
/// </remarks>
public sealed class AttentionTablePricer
{
    private readonly KernelTable? mlaDecode;
    private readonly KernelTable? prefill;

    /// <summary>Reads the attention tables of <paramref name="tables"/> (none when null).</summary>
    public AttentionTablePricer(KernelTables? tables)
    {
        mlaDecode = tables?.For(KernelClass.MlaDecode);
        prefill = tables?.For(KernelClass.AttentionPrefill);
    }

    /// <summary>True when the accelerator has an attention table.</summary>
    public bool HasTables => mlaDecode is not null || prefill is not null;

    /// <summary>The table's answer for one call of <paramref name="shape"/>; <see cref="KernelEstimate.None"/> when no table speaks for it or the answer has no time.</summary>
    public KernelEstimate Lookup(in AttentionShape shape)
    {
        var estimate = shape.Kernel switch
        {
            AttentionKernel.MlaDecode when mlaDecode is not null => MlaDecode(mlaDecode, shape),
            AttentionKernel.Prefill when prefill is not null => Prefill(prefill, shape),
            _ => KernelEstimate.None,
        };
        return estimate.HasValue && !double.IsNaN(estimate.TimeUs) ? estimate : KernelEstimate.None;
    }

    private static KernelEstimate MlaDecode(KernelTable table, in AttentionShape shape)
    {
        Span<double> keys = stackalloc double[4];
        WriteCommonKeys(shape, keys);
        keys[3] = shape.QueriesPerRequest;
        var asMeasured = table.Lookup(shape.Format, KernelLink.None, keys);
        if (asMeasured.Provenance == KernelProvenance.Measured && !double.IsNaN(asMeasured.TimeUs))
        {
            return asMeasured;
        }

        // The same query rows per KV head as one query per request.
        keys[2] = shape.Heads * shape.QueriesPerRequest;
        keys[3] = 1;
        return table.Lookup(shape.Format, KernelLink.None, keys);
    }

    private static KernelEstimate Prefill(KernelTable table, in AttentionShape shape)
    {
        Span<double> keys = stackalloc double[5];
        WriteCommonKeys(shape, keys);
        keys[3] = shape.HeadDim;
        keys[4] = 1;
        return table.Lookup(shape.Format, KernelLink.None, keys);
    }

    // Both attention classes key on batch, length (context or equivalent causal length) and query heads, in that order.
    private static void WriteCommonKeys(in AttentionShape shape, Span<double> keys)
    {
        keys[0] = shape.Batch;
        keys[1] = shape.Length;
        keys[2] = shape.Heads;
    }
}
