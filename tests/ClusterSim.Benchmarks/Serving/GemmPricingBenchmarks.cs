using BenchmarkDotNet.Attributes;
using ClusterSim.Hardware;
using ClusterSim.Kernels;

namespace ClusterSim.Benchmarks.Serving;

/// <summary>
/// One GEMM price through <see cref="GemmPricer"/>, memoised (the step pricer's path: a hit on a remembered shape) and
/// uncached (the table lookup and the tile model's search over 15 widths, what every GEMM cost before the memo), over
/// the GEMMs of DeepSeek-V3's attention side and routed experts on H800 with its kernel tables, at 1 to 256 tokens per
/// rank: 512 shapes, all remembered after the first pass. Per operation: one GEMM.
/// </summary>
[MemoryDiagnoser]
public class GemmPricingBenchmarks
{
    private readonly List<(GemmShape Shape, double Read, double Written)> _gemms = [];
    private GemmPricer _pricer = null!;

    [GlobalSetup]
    public void Build()
    {
        var catalog = ClusterSim.Tests.TestCatalog.Repository;
        var h800 = HardwareCatalog.Of(catalog).Load("h800");
        var tables = KernelTables.Load(KernelTables.DirectoryOf(catalog), "h800");
        _pricer = new GemmPricer(h800, tables, maskedGroupedLayout: true);
        for (var tokens = 1; tokens <= 256; tokens++)
        {
            // An attention-side projection (q_a: 7168 -> 1536) and the routed experts' up GEMM (16 experts, 8 copies per token).
            Add(new GemmShape(1, tokens, 1536, 7168));
            Add(new GemmShape(16, tokens * 8 / 16.0, 4096, 7168));
        }

        foreach (var (shape, read, written) in _gemms)
        {
            _ = _pricer.Nanoseconds(shape, DataType.Fp8, read, written, 1, out _, out _);
        }
    }

    private void Add(GemmShape shape)
    {
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        _gemms.Add((shape, read, written));
    }

    /// <summary>The memoised path, every shape remembered.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 512)]
    public double Memoised()
    {
        double sum = 0;
        foreach (var (shape, read, written) in _gemms)
        {
            sum += _pricer.Nanoseconds(shape, DataType.Fp8, read, written, 58, out _, out _);
        }

        return sum;
    }

    /// <summary>The same prices computed afresh.</summary>
    [Benchmark(OperationsPerInvoke = 512)]
    public double Uncached()
    {
        double sum = 0;
        foreach (var (shape, read, written) in _gemms)
        {
            sum += _pricer.PricePerCall(shape, DataType.Fp8, read, written).Value;
        }

        return sum;
    }
}
