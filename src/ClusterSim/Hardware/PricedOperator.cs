using ClusterSim.Engine;

namespace ClusterSim.Hardware;

/// <summary>The roofline price of one operator on one accelerator.</summary>
/// <remarks>
/// Times are double nanoseconds so that thousands of small operators summed over a step do not each lose a
/// rounding; <see cref="Duration"/> rounds once for the event queue. Duration = max(compute, memory) + launch.
/// </remarks>
/// <param name="DurationNanoseconds">Total time: the larger of compute and memory time, plus launch overhead.</param>
/// <param name="ComputeNanoseconds">FLOPs over effective FLOP/s.</param>
/// <param name="MemoryNanoseconds">Bytes over effective HBM bytes/s.</param>
/// <param name="LaunchNanoseconds">The kernel launch overhead included once.</param>
/// <param name="Bound">Compute when compute time is at least memory time, otherwise memory.</param>
/// <param name="Provenance">The figures and efficiency factors used, with their sources (shared, not allocated per call).</param>
public readonly record struct PricedOperator(
    double DurationNanoseconds,
    double ComputeNanoseconds,
    double MemoryNanoseconds,
    double LaunchNanoseconds,
    RooflineBound Bound,
    RooflineProvenance Provenance)
{
    /// <summary>The duration rounded to the nearest whole nanosecond.</summary>
    public SimDuration Duration => SimDuration.FromNanoseconds((long)Math.Round(DurationNanoseconds, MidpointRounding.AwayFromZero));
}
