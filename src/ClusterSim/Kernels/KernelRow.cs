using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// One measured row of a kernel table. Rates and time are in the units of the file (µs, TFLOP/s, GB/s); a figure
/// the source did not publish and that cannot be derived from another is NaN.
/// </summary>
/// <param name="Class">The kernel class.</param>
/// <param name="Format">The number format the kernel computes in (or moves, for communication).</param>
/// <param name="Link">The bounding link of a communication kernel; None for compute.</param>
/// <param name="Shape">The shape keys, in the class's key order.</param>
/// <param name="TimeUs">Time of one call in microseconds (published, or FLOPs over the published rate).</param>
/// <param name="Tflops">Achieved TFLOP/s (published, or FLOPs over the published time).</param>
/// <param name="Gbps">Achieved GB/s as the source defines it (HBM for compute, the bottleneck link for communication).</param>
/// <param name="Source">The publication: repository or URL, file, commit.</param>
/// <param name="Table">The table or section heading in the source.</param>
/// <param name="Date">The publication date (YYYY-MM or YYYY-MM-DD).</param>
/// <param name="Line">The file's line the row came from, for messages.</param>
public sealed record KernelRow(
    KernelClass Class,
    DataType Format,
    KernelLink Link,
    IReadOnlyList<double> Shape,
    double TimeUs,
    double Tflops,
    double Gbps,
    string Source,
    string Table,
    string Date,
    int Line)
{
    /// <summary>The figure leave-one-out compares: the time when known, else the published bandwidth, else TFLOP/s.</summary>
    public double Primary => !double.IsNaN(TimeUs) ? TimeUs : !double.IsNaN(Gbps) ? Gbps : Tflops;

    /// <summary>The shape as "m=64 n=2112 k=7168".</summary>
    public string ShapeText => string.Join(" ", Class.Keys().Select((k, i) => $"{k}={Shape[i]:0.###}"));
}
