using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>One data type's peak and ridge points on the accelerator.</summary>
/// <param name="DataType">"bf16", "fp8", ...</param>
/// <param name="PeakFlopsPerSecond">Dense peak FLOP/s.</param>
/// <param name="RidgePoint">Peak FLOP/s ÷ peak HBM bytes/s.</param>
/// <param name="GemmRidgePoint">Ridge with the GEMM efficiencies: peak·eff_compute ÷ (BW·eff_memory).</param>
/// <param name="AttentionRidgePoint">Ridge with the attention efficiencies.</param>
/// <param name="Source">Where the peak comes from.</param>
public sealed record PeakReport(string DataType, double PeakFlopsPerSecond, double RidgePoint, double GemmRidgePoint, double AttentionRidgePoint, string Source);

/// <summary>Achieved fractions of peak for one operation class.</summary>
public sealed record EfficiencyReport(string OperationClass, double Compute, double Memory);

/// <summary>The hardware table and its JSON section.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Vendor">Vendor.</param>
/// <param name="HbmBytes">HBM capacity per accelerator.</param>
/// <param name="HbmBytesPerSecond">Peak HBM bandwidth.</param>
/// <param name="Peaks">Peak and ridge points per data type, in enum order.</param>
/// <param name="Efficiency">Efficiency factors per roofline class.</param>
/// <param name="ScaleUpBytesPerSecond">Scale-up bandwidth per direction per accelerator.</param>
/// <param name="ScaleUpDomain">Accelerators in one scale-up domain.</param>
/// <param name="ScaleOutBytesPerSecond">NIC bandwidth per accelerator.</param>
public sealed record HardwareReport(
    string Name,
    string Vendor,
    double HbmBytes,
    double HbmBytesPerSecond,
    IReadOnlyList<PeakReport> Peaks,
    IReadOnlyList<EfficiencyReport> Efficiency,
    double ScaleUpBytesPerSecond,
    int ScaleUpDomain,
    double ScaleOutBytesPerSecond)
{
    /// <summary>Reads the figures of the accelerator spec through its roofline.</summary>
    public static HardwareReport From(AcceleratorSpec spec, RooflineModel roofline)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(roofline);
        var peaks = spec.PeakDenseFlops.Keys.Order()
            .Select(t => new PeakReport(
                t.Name(),
                spec.PeakFlops(t).FlopsPerSecond,
                roofline.RidgePoint(t),
                roofline.EffectiveRidgePoint(OperationClass.Gemm, t),
                roofline.EffectiveRidgePoint(OperationClass.Attention, t),
                spec.PeakFlopsFigure(t).Source.ToString()))
            .ToArray();
        var efficiency = OperationClasses.Compute
            .Select(c => new EfficiencyReport(c.Name(), spec.Efficiency.For(c).Compute.Value, spec.Efficiency.For(c).Memory.Value))
            .ToArray();
        return new HardwareReport(
            spec.Name,
            spec.Vendor,
            spec.Hbm.Capacity.Value.Bytes,
            spec.Hbm.Bandwidth.Value.BytesPerSecond,
            peaks,
            efficiency,
            spec.ScaleUp.BandwidthPerDirection.Value.BytesPerSecond,
            spec.ScaleUp.DomainSize.Value,
            spec.ScaleOut.NicBandwidthPerAccelerator.Value.BytesPerSecond);
    }

    /// <summary>The peak row of a data type.</summary>
    public PeakReport Peak(DataType type) => Peaks.First(p => p.DataType == type.Name());
}
