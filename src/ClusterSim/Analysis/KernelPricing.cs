using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>Where an operator's price came from.</summary>
public enum PricingSource
{
    /// <summary>The plain roofline with the class's efficiency scalars.</summary>
    Roofline,

    /// <summary>The GEMM tile model (a shape-aware roofline).</summary>
    TileModel,

    /// <summary>Interpolated between kernel-table rows.</summary>
    Interpolated,

    /// <summary>An exact kernel-table row.</summary>
    Measured,
}

/// <summary>One compute or memory operator's time and where it came from.</summary>
/// <param name="Nanoseconds">The operator's time (all its calls), launch overhead excluded.</param>
/// <param name="ComputeBound">True when bound by compute, false by HBM.</param>
/// <param name="Source">Table row, interpolation, tile model or plain roofline.</param>
public readonly record struct KernelPrice(double Nanoseconds, bool ComputeBound, PricingSource Source);

/// <summary>
/// Prices one non-communication operator the way the step pricers do: a GEMM of known shape through
/// <see cref="GemmPricer"/> (table, then tile model), an attention core whose shape an attention table covers through
/// <see cref="AttentionTablePricer"/> (exact row or interpolation), everything else (and GEMMs on chips without
/// either) on the plain roofline. One place shared by the step pricers and <c>analyze</c>, so their operator times
/// agree. Allocation-free.
/// </summary>
public static class KernelPricing
{
    /// <summary>Prices <paramref name="op"/> computing in <paramref name="type"/> (already widened to a format the chip has).</summary>
    /// <param name="op">The operator.</param>
    /// <param name="type">Its arithmetic's format on this chip.</param>
    /// <param name="roofline">The chip's roofline (the fallback, and the compute/memory verdict of an attention table answer).</param>
    /// <param name="gemms">GEMM tables and tile model.</param>
    /// <param name="attention">Attention tables, or null for none.</param>
    public static KernelPrice Price(in OperatorCost op, DataType type, RooflineModel roofline, GemmPricer gemms, AttentionTablePricer? attention = null)
    {
        ArgumentNullException.ThrowIfNull(roofline);
        ArgumentNullException.ThrowIfNull(gemms);
        if (attention is not null && op.Attention.Kernel != AttentionKernel.None)
        {
            var estimate = attention.Lookup(op.Attention);
            if (estimate.HasValue)
            {
                // One call per operator (operators are per layer); bound as the roofline judges the same work.
                var bound = roofline.Price(op.Flops, op.Bytes, OperatorRoofline.ClassOf(op.Class), type).Bound;
                var source = estimate.Provenance == KernelProvenance.Measured ? PricingSource.Measured : PricingSource.Interpolated;
                return new KernelPrice(estimate.TimeUs * 1e3, bound == RooflineBound.Compute, source);
            }
        }

        if (op.Class == OpClass.Gemm && gemms.IsShapeAware && op.Calls is var calls and > 0)
        {
            var ns = gemms.Nanoseconds(op.Shape, type, op.BytesRead / calls, op.BytesWritten / calls, calls, out var computeBound, out var provenance);
            if (!double.IsNaN(ns))
            {
                var source = provenance switch
                {
                    KernelProvenance.Measured => PricingSource.Measured,
                    KernelProvenance.Interpolated => PricingSource.Interpolated,
                    _ => PricingSource.TileModel,
                };
                return new KernelPrice(ns, computeBound, source);
            }
        }

        var priced = roofline.Price(op.Flops, op.Bytes, OperatorRoofline.ClassOf(op.Class), type);
        var nanoseconds = priced.DurationNanoseconds - priced.LaunchNanoseconds;
        if (op.Attention.Kernel == AttentionKernel.MlaDecode && roofline.Spec.MlaDecodeFixedPerCall is { } fixedPerCall)
        {
            // One call per operator (operators are per layer and micro-batch): the kernel's per-call floor (prologue,
            // split-KV combine, the last wave's tail), fitted where the chip has rows; a table answer above holds it already.
            nanoseconds += fixedPerCall.Value.Nanoseconds;
        }

        return new KernelPrice(nanoseconds, priced.Bound == RooflineBound.Compute, PricingSource.Roofline);
    }

    /// <summary>The name written in outputs: "measured", "interpolated", "tile_model", "roofline".</summary>
    public static string Name(this PricingSource source) => source switch
    {
        PricingSource.Measured => "measured",
        PricingSource.Interpolated => "interpolated",
        PricingSource.TileModel => "tile_model",
        _ => "roofline",
    };
}
