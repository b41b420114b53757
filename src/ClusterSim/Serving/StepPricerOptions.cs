using ClusterSim.Kernels;

namespace ClusterSim.Serving;

/// <summary>How a pool's steps are priced beyond the model, plan and hardware.</summary>
/// <param name="MicroBatches">1, or 2 for two-batch overlap of communication with compute.</param>
/// <param name="CudaGraphs">True when a step is one graph launch rather than a launch per kernel.</param>
/// <param name="DraftTokens">Speculative (MTP) draft tokens per decode step; the MTP module runs this many times.</param>
/// <param name="RoutingSamplesPerStep">MoE layers whose routing is sampled per step; the rest are taken as alike.</param>
/// <param name="EpGroups">Expert-parallel groups per instance (accelerators / EP); each routes its share of the tokens.</param>
/// <param name="OverlapComputeStretch">
/// Factor (at least 1) by which an MoE layer's compute stages stretch under two-batch overlap because the all-to-all
/// kernels occupy SMs: S / (S − s) (see <c>ExpertAllToAll.ComputeStretch</c>); 1 when they occupy none.
/// </param>
/// <param name="Kernels">
/// The hardware's measured kernel tables, or null: GEMMs are then priced by the GEMM tile model alone (or the plain
/// roofline on a chip without one).
/// </param>
/// <param name="MaskedGroupedGemm">
/// True when the pool's expert GEMMs use the masked grouped layout (DeepEP's low-latency kernels, decode), false for
/// the contiguous layout (normal kernels, prefill): selects the grouped-GEMM table.
/// </param>
/// <param name="AllToAll">
/// The kernel family of the pool's expert all-to-all, whose dispatch and combine tables (in <paramref name="Kernels"/>)
/// price the all-to-all when they cover its shape; <see cref="AllToAllKernels.None"/> keeps the flow model alone.
/// </param>
/// <remarks>
/// The all-to-all is priced per token copy; a deduplicating all-to-all (DeepEP's normal kernels) is already folded into
/// the calibrated <see cref="CommunicationCosts"/>.
/// </remarks>
public sealed record StepPricerOptions(int MicroBatches, bool CudaGraphs, int DraftTokens, int RoutingSamplesPerStep, int EpGroups, double OverlapComputeStretch = 1, KernelTables? Kernels = null, bool MaskedGroupedGemm = false, AllToAllKernels AllToAll = AllToAllKernels.None)
{
    /// <summary>
    /// A GEMM pricer built on the same hardware, <see cref="Kernels"/> and grouped layout, to share with the pool's other
    /// instances (its memo of per-shape prices then serves all of them), or null for a pricer of the step pricer's own.
    /// The instances sharing it must run on one thread (one simulation).
    /// </summary>
    public GemmPricer? Gemms { get; init; }

    /// <summary>
    /// A memo of attention-side operator prices per layer kind and per rank's token counts to share with the pool's other
    /// instances (built on the same cost model, roofline, <see cref="Gemms"/>, <see cref="Kernels"/> and
    /// <see cref="CudaGraphs"/>), or null for a memo of the step pricer's own. Same thread rule as <see cref="Gemms"/>.
    /// </summary>
    public AttentionPhaseMemo? AttentionMemo { get; init; }

    /// <summary>True to price every rank's attention side in full each step (tests and benchmarks compare against it).</summary>
    internal bool WithoutAttentionMemo { get; init; }
}
