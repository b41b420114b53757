using ClusterSim.Hardware;
using ClusterSim.Kernels;

namespace ClusterSim.Tests.Kernels;

/// <summary>Prices a GEMM as a kernel benchmark runs it: its inputs read and its output written once per call.</summary>
internal static class BenchmarkGemmCalls
{
    /// <summary>The pricer's time in ns for <paramref name="calls"/> benchmark calls of <paramref name="shape"/>, and its provenance.</summary>
    public static (double Ns, KernelProvenance Provenance) PriceBenchmark(this GemmPricer pricer, GemmShape shape, DataType format, double calls = 1)
    {
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        var ns = pricer.Nanoseconds(shape, format, read, written, calls, out _, out var provenance);
        return (ns, provenance);
    }
}
