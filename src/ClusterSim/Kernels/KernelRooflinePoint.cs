using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// A measured row beside the same shape priced at the hardware file's peaks, with no efficiency factor: compute
/// rows as max(FLOPs / peak FLOP/s of the format, bytes / peak HBM bandwidth); communication rows as the published
/// bandwidth over the link's peak (scale-up per direction for nvlink, the NIC share per accelerator for rdma).
/// <see cref="AchievedFraction"/> is what a single efficiency scalar would have to be to reproduce the row.
/// </summary>
/// <param name="Row">The measured row.</param>
/// <param name="PeakTimeUs">The roofline time at peak in µs (NaN for communication).</param>
/// <param name="Bound">"compute", "memory" or the link ("nvlink", "rdma").</param>
/// <param name="AchievedFraction">Peak time over measured time (compute), or measured over peak bandwidth (communication).</param>
/// <param name="ScalarTimeUs">
/// The time today's pricer gives the shape: the roofline with the hardware file's efficiency scalars of the class
/// (gemm for GEMMs, attention for attention), without launch overhead; NaN for communication.
/// </param>
public sealed record KernelRooflinePoint(KernelRow Row, double PeakTimeUs, string Bound, double AchievedFraction, double ScalarTimeUs)
{
    /// <summary>Measured time over the efficiency-scalar time: above 1 means today's scalars are optimistic.</summary>
    public double MeasuredOverScalar => Row.TimeUs / ScalarTimeUs;

    /// <summary>Compares every row of <paramref name="table"/> with the roofline of <paramref name="spec"/>.</summary>
    public static IReadOnlyList<KernelRooflinePoint> Compare(KernelTable table, AcceleratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        return table.Rows.Select(r => Of(r, spec)).ToArray();
    }

    private static KernelRooflinePoint Of(KernelRow row, AcceleratorSpec spec)
    {
        if (row.Link != KernelLink.None)
        {
            var peak = row.Link == KernelLink.NvLink ? spec.ScaleUp.BandwidthPerDirection.Value : spec.ScaleOut.NicBandwidthPerAccelerator.Value;
            return new KernelRooflinePoint(row, double.NaN, row.Link == KernelLink.NvLink ? "nvlink" : "rdma", row.Gbps * 1e9 / peak.BytesPerSecond, double.NaN);
        }

        var shape = row.Shape.ToArray();
        var compute = row.Class.Flops(shape) / spec.PeakFlops(row.Format).FlopsPerSecond * 1e6;
        var memory = row.Class.Bytes(row.Format, shape) / spec.Hbm.Bandwidth.Value.BytesPerSecond * 1e6;
        var time = Math.Max(compute, memory);
        var efficiency = spec.Efficiency.For(row.Class is KernelClass.MlaDecode or KernelClass.AttentionPrefill ? OperationClass.Attention : OperationClass.Gemm);
        var scalar = Math.Max(compute / efficiency.Compute.Value, memory / efficiency.Memory.Value);
        return new KernelRooflinePoint(row, time, compute >= memory ? "compute" : "memory", time / row.TimeUs, scalar);
    }
}
