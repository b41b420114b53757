using ClusterSim.Engine;
using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>One accelerator kind as the catalog describes it; every figure carries its source.</summary>
/// <param name="Name">Display name ("NVIDIA H200 SXM").</param>
/// <param name="Vendor">Vendor ("NVIDIA").</param>
/// <param name="PeakDenseFlops">Peak dense (no sparsity) FLOP/s per data type the tensor units support.</param>
/// <param name="Hbm">HBM capacity and bandwidth.</param>
/// <param name="ScaleUp">The scale-up fabric.</param>
/// <param name="ScaleOut">The scale-out network.</param>
/// <param name="KernelLaunchOverhead">Fixed time added once per operator (kernel launch and tail).</param>
/// <param name="Efficiency">Achieved fractions of peak per operation class.</param>
public sealed record AcceleratorSpec(
    string Name,
    string Vendor,
    IReadOnlyDictionary<DataType, Sourced<FlopRate>> PeakDenseFlops,
    HbmSpec Hbm,
    ScaleUpSpec ScaleUp,
    ScaleOutSpec ScaleOut,
    Sourced<SimDuration> KernelLaunchOverhead,
    EfficiencyTable Efficiency)
{
    /// <summary>
    /// Streaming multiprocessors (NVIDIA) or compute units, with the source; null when the hardware file gives none, and
    /// then SM sharing between communication kernels and compute is not modelled for this chip.
    /// </summary>
    public Sourced<int>? StreamingMultiprocessors { get; init; }

    /// <summary>
    /// Per-tile compute and HBM efficiencies and fixed time per call of the shape-aware GEMM roofline (<see cref="GemmTileModel"/>); null when
    /// the hardware file gives none, and then GEMMs are priced with <see cref="EfficiencyTable.Gemm"/> alone.
    /// </summary>
    public GemmTileEfficiency? GemmTiles { get; init; }

    /// <summary>
    /// Fixed time per absorbed-MLA decode attention call on top of its roofline time (the kernel's prologue, its
    /// KV-split combine and the tail of its last wave), with the source; null when the hardware file gives none, and then
    /// the roofline alone prices the calls no attention-table row covers.
    /// </summary>
    public Sourced<SimDuration>? MlaDecodeFixedPerCall { get; init; }

    /// <summary>Board power at full load and idle, with sources; null when the hardware file gives none (no energy figures then).</summary>
    public PowerSpec? Power { get; init; }

    /// <summary>
    /// Default price of one accelerator-hour in US dollars, with its source; null when the hardware file gives none (the
    /// scenario's <c>cost.gpu_hour_usd</c> then sets it, or the run reports no dollar figures).
    /// </summary>
    public Sourced<double>? GpuHourUsd { get; init; }

    /// <summary>True when the catalog gives a dense peak for this data type.</summary>
    public bool Supports(DataType type) => PeakDenseFlops.ContainsKey(type);

    /// <summary>Peak dense FLOP/s for a data type.</summary>
    /// <exception cref="NotSupportedException">When the accelerator has no figure for the type; the message lists those it has.</exception>
    public FlopRate PeakFlops(DataType type) => PeakFlopsFigure(type).Value;

    /// <summary>Peak dense FLOP/s for a data type, with its source.</summary>
    /// <exception cref="NotSupportedException">When the accelerator has no figure for the type; the message lists those it has.</exception>
    public Sourced<FlopRate> PeakFlopsFigure(DataType type) =>
        PeakDenseFlops.TryGetValue(type, out var figure)
            ? figure
            : throw new NotSupportedException(
                $"{Name} has no dense {type.Name()} peak in its hardware file; it supports {SupportedTypeNames()}");

    /// <summary>The supported data types as "bf16, fp8", in enum order.</summary>
    public string SupportedTypeNames() =>
        #pragma warning disable RS0030 // sorted here by Order()
        string.Join(", ", PeakDenseFlops.Keys.Order().Select(t => t.Name()));
        #pragma warning restore RS0030

    /// <summary>Ridge point in FLOP per byte: peak dense FLOP/s over peak HBM bytes/s (no efficiency factors).</summary>
    public double RidgePoint(DataType type) => PeakFlops(type).FlopsPerSecond / Hbm.Bandwidth.Value.BytesPerSecond;
}
