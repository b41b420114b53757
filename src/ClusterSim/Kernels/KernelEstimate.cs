namespace ClusterSim.Kernels;

/// <summary>
/// A table's answer for one shape: time and rates with their provenance. A value type so the hot path allocates
/// nothing; <see cref="Row"/> is the matched row (already loaded) when the answer is <see cref="KernelProvenance.Measured"/>.
/// </summary>
/// <param name="Provenance">Measured, interpolated or none (then every figure is NaN).</param>
/// <param name="TimeUs">Time of one call in microseconds, NaN when the table has no time for this line.</param>
/// <param name="Tflops">Achieved TFLOP/s, NaN when unknown.</param>
/// <param name="Gbps">Achieved GB/s, NaN when unknown.</param>
/// <param name="Row">The exact row for a measured answer, else null.</param>
public readonly record struct KernelEstimate(KernelProvenance Provenance, double TimeUs, double Tflops, double Gbps, KernelRow? Row)
{
    /// <summary>The answer when the table has nothing for the shape: the caller falls back to the roofline.</summary>
    public static KernelEstimate None => new(KernelProvenance.None, double.NaN, double.NaN, double.NaN, null);

    /// <summary>True when the table gave a value (measured or interpolated).</summary>
    public bool HasValue => Provenance != KernelProvenance.None;

    /// <summary>The figure leave-one-out compares, chosen as <see cref="KernelRow.Primary"/> chooses it.</summary>
    public double Primary => !double.IsNaN(TimeUs) ? TimeUs : !double.IsNaN(Gbps) ? Gbps : Tflops;
}
