namespace ClusterSim.Serving;

/// <summary>
/// Time of AFD's per-layer transfers between one instance's M attention ranks and its N expert ranks, as straight
/// lines in the bytes each attention rank sends (dispatch) or receives (combine), calibrated on the fabric model with
/// a uniform M-to-N (N-to-M) pattern.
/// </summary>
/// <remarks>
/// A skewed layer is priced as the uniform pattern that loads the busiest endpoint as much: an expert rank receiving
/// r bytes stands for attention ranks sending r·N/M each, since in the uniform pattern every expert rank receives M/N
/// of what one attention rank sends.
/// </remarks>
/// <param name="DispatchAlphaNs">Fixed cost of one attention-to-experts transfer.</param>
/// <param name="DispatchNsPerByte">Nanoseconds per byte sent by one attention rank.</param>
/// <param name="CombineAlphaNs">Fixed cost of one experts-to-attention transfer.</param>
/// <param name="CombineNsPerByte">Nanoseconds per byte received by one attention rank.</param>
/// <param name="AttentionRanks">M.</param>
/// <param name="ExpertRanks">N.</param>
public sealed record AfdCommunication(
    double DispatchAlphaNs,
    double DispatchNsPerByte,
    double CombineAlphaNs,
    double CombineNsPerByte,
    int AttentionRanks,
    int ExpertRanks)
{
    /// <summary>Free, instant transfers (unbounded bandwidth), for comparisons with co-located EP.</summary>
    public static AfdCommunication Unbounded(int attentionRanks, int expertRanks) => new(0, 0, 0, 0, attentionRanks, expertRanks);

    /// <summary>Dispatch time when the busiest attention rank sends <paramref name="maxSendBytes"/> and the busiest expert rank receives <paramref name="maxReceiveBytes"/>.</summary>
    public double DispatchNs(double maxSendBytes, double maxReceiveBytes) =>
        Line(DispatchAlphaNs, DispatchNsPerByte, Math.Max(maxSendBytes, maxReceiveBytes * ExpertRanks / AttentionRanks));

    /// <summary>Combine time when the busiest expert rank sends <paramref name="maxExpertSendBytes"/> and the busiest attention rank receives <paramref name="maxReceiveBytes"/>.</summary>
    public double CombineNs(double maxReceiveBytes, double maxExpertSendBytes) =>
        Line(CombineAlphaNs, CombineNsPerByte, Math.Max(maxReceiveBytes, maxExpertSendBytes * ExpertRanks / AttentionRanks));

    private static double Line(double alpha, double slope, double bytes) => bytes <= 0 ? 0 : alpha + (bytes * slope);
}

/// <summary>How an AFD instance's steps are priced beyond the model, plan and hardware.</summary>
/// <param name="MicroBatches">Micro-batches ping-ponging between attention and expert ranks (k).</param>
/// <param name="CudaGraphs">True when a step is one graph launch rather than a launch per kernel.</param>
/// <param name="RoutingSamplesPerStep">MoE layers whose routing is sampled per step; the rest are taken as alike.</param>
/// <remarks>Deduplication of copies bound for the same expert domain is folded into the calibrated <see cref="AfdCommunication"/>.</remarks>
public sealed record AfdPricerOptions(int MicroBatches, bool CudaGraphs, int RoutingSamplesPerStep)
{
    /// <summary>True to price every rank's attention side in full each step (tests compare against it).</summary>
    internal bool WithoutAttentionMemo { get; init; }
}
