using ClusterSim.Engine;

namespace ClusterSim.Hardware;

/// <summary>The constants of the GEMM tile model (<see cref="GemmTileModel"/>) from a hardware file's <c>gemm_tiles</c>.</summary>
/// <param name="Efficiency">Per-tile compute efficiency (of the format's dense peak per SM) and HBM efficiency.</param>
/// <param name="FixedPerCall">Fixed time per GEMM call: pipeline fill and drain and the wave ramp.</param>
public sealed record GemmTileEfficiency(OperationEfficiency Efficiency, Sourced<SimDuration> FixedPerCall);
