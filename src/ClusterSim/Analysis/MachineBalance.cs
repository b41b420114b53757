namespace ClusterSim.Analysis;

/// <summary>The few accelerator figures closed-form analysis needs, as plain numbers (no Hardware types).</summary>
/// <param name="PeakFlopsPerSecond">Dense peak in the compute format of interest (BF16 2.25e15 on B200).</param>
/// <param name="HbmBytesPerSecond">HBM bandwidth (8e12 on B200).</param>
/// <param name="HbmBytes">HBM capacity per accelerator; 0 when not needed.</param>
/// <param name="LinkBytesPerSecond">Per-accelerator scale-out or scale-up bandwidth for all-to-all; 0 when not needed.</param>
/// <param name="LinkLatencySeconds">Fixed latency α of one all-to-all.</param>
public sealed record MachineBalance(
    double PeakFlopsPerSecond,
    double HbmBytesPerSecond,
    double HbmBytes = 0,
    double LinkBytesPerSecond = 0,
    double LinkLatencySeconds = 0)
{
    /// <summary>Ridge point RP = peak FLOP/s ÷ HBM bytes/s: the intensity above which an operator is compute-bound.</summary>
    public double RidgePoint => PeakFlopsPerSecond / HbmBytesPerSecond;
}
