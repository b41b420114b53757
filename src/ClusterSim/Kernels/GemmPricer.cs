using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// Prices one GEMM measured first, physics second: the accelerator's kernel table at the call's shape (an exact row,
/// or log-log interpolation between rows), else the shape-aware tile roofline (<see cref="GemmTileModel"/>), else,
/// for a chip without an SM count or tile efficiencies, nothing (the caller uses the plain roofline).
/// </summary>
/// <remarks>
/// Grouped GEMMs (more than one group) read the grouped table of the pool's layout: contiguous for DeepEP's normal
/// kernels (prefill), masked for its low-latency kernels (decode), as DeepGEMM pairs them. Table times are per call
/// and multiplied by the operator's calls (its layers). Allocation-free per call. Each call's price is memoised per
/// exact shape, format and bytes (<see cref="GemmPriceMemo"/>), so a pricer belongs to one thread (one step pricer).
/// </remarks>
public sealed class GemmPricer
{
    private readonly KernelTable? dense;
    private readonly KernelTable? grouped;
    private readonly GemmTileModel? tiles;
    private readonly GemmPriceMemo memo = new();
    private readonly AcceleratorSpec spec;
    private readonly KernelTables? tables;

    /// <summary>Builds the pricer for one accelerator and one grouped-GEMM layout.</summary>
    /// <param name="spec">The accelerator (its tile model, when its hardware file has one).</param>
    /// <param name="tables">Its kernel tables, or null for none.</param>
    /// <param name="maskedGroupedLayout">True for the masked grouped layout (low-latency decode), false for contiguous.</param>
    public GemmPricer(AcceleratorSpec spec, KernelTables? tables, bool maskedGroupedLayout)
    {
        ArgumentNullException.ThrowIfNull(spec);
        this.spec = spec;
        this.tables = tables;
        tiles = GemmTileModel.For(spec);
        dense = tables?.For(KernelClass.DenseGemm);
        grouped = tables?.For(maskedGroupedLayout ? KernelClass.GroupedGemmMasked : KernelClass.GroupedGemmContiguous);
        GroupedLayout = maskedGroupedLayout ? KernelClass.GroupedGemmMasked : KernelClass.GroupedGemmContiguous;
    }

    /// <summary>True when this pricer was built for <paramref name="spec"/>, <paramref name="tables"/> and the layout (so it prices as a new one would).</summary>
    public bool Matches(AcceleratorSpec spec, KernelTables? tables, bool maskedGroupedLayout) =>
        ReferenceEquals(spec, this.spec) && ReferenceEquals(tables, this.tables)
        && GroupedLayout == (maskedGroupedLayout ? KernelClass.GroupedGemmMasked : KernelClass.GroupedGemmContiguous);

    /// <summary>The grouped table this pricer reads.</summary>
    public KernelClass GroupedLayout { get; }

    /// <summary>True when GEMMs get more than the plain roofline: a table or the tile model.</summary>
    public bool IsShapeAware => tiles is not null || dense is not null || grouped is not null;

    /// <summary>
    /// Nanoseconds of <paramref name="calls"/> calls of <paramref name="shape"/> in <paramref name="type"/>, or NaN when
    /// neither a table nor the tile model can price it.
    /// </summary>
    /// <param name="shape">One call's shape (known).</param>
    /// <param name="type">The arithmetic's format.</param>
    /// <param name="bytesReadPerCall">HBM bytes one call reads (weights and activations), for the tile model.</param>
    /// <param name="bytesWrittenPerCall">HBM bytes one call writes, for the tile model.</param>
    /// <param name="calls">Identical calls.</param>
    /// <param name="computeBound">Whether the time is bound by compute (for a table answer: whether its achieved FLOP rate beats its byte rate on the tile model).</param>
    /// <param name="provenance">Measured or interpolated for a table answer, None for the tile model.</param>
    public double Nanoseconds(GemmShape shape, DataType type, double bytesReadPerCall, double bytesWrittenPerCall, double calls, out bool computeBound, out KernelProvenance provenance)
    {
        if (!memo.TryGet(shape, type, bytesReadPerCall, bytesWrittenPerCall, out var perCall))
        {
            perCall = PricePerCall(shape, type, bytesReadPerCall, bytesWrittenPerCall);
            memo.Set(shape, type, bytesReadPerCall, bytesWrittenPerCall, perCall);
        }

        computeBound = perCall.ComputeBound;
        provenance = perCall.Provenance;

        // The same expressions as unmemoised: a table's µs per call times the calls, then to ns; the tile model's time
        // of one call (1 · t exactly) times the calls.
        return perCall.Kind switch
        {
            GemmPriceKind.Table => calls * perCall.Value * 1e3,
            GemmPriceKind.TileModel => calls * perCall.Value,
            _ => double.NaN,
        };
    }

    /// <summary>Lookups answered by the memo of per-call prices, and lookups priced afresh (for tests and benchmarks).</summary>
    public (long Hits, long Misses) MemoCounts => (memo.Hits, memo.Misses);

    // One call's price, uncached: the table first (the tile model still judges compute against memory), then the tile
    // model, else nothing (Empty: the caller falls back to the plain roofline).
    internal GemmPerCall PricePerCall(GemmShape shape, DataType type, double bytesReadPerCall, double bytesWrittenPerCall)
    {
        var computeBound = true;
        var table = shape.Groups > 1 ? grouped : dense;
        if (table is not null)
        {
            Span<double> keys = stackalloc double[4];
            var n = 0;
            if (shape.Groups > 1)
            {
                keys[n++] = shape.Groups;
            }

            keys[n++] = shape.M;
            keys[n++] = shape.N;
            keys[n++] = shape.K;
            var estimate = table.Lookup(type, KernelLink.None, keys[..n]);
            if (estimate.HasValue && !double.IsNaN(estimate.TimeUs))
            {
                if (tiles is not null)
                {
                    _ = tiles.Nanoseconds(shape, type, bytesReadPerCall, bytesWrittenPerCall, 1, out computeBound);
                }

                return new GemmPerCall(GemmPriceKind.Table, estimate.TimeUs, computeBound, estimate.Provenance);
            }
        }

        return tiles is null
            ? new GemmPerCall(GemmPriceKind.Unpriced, double.NaN, computeBound, KernelProvenance.None)
            : new GemmPerCall(GemmPriceKind.TileModel, tiles.Nanoseconds(shape, type, bytesReadPerCall, bytesWrittenPerCall, 1, out computeBound), computeBound, KernelProvenance.None);
    }
}
