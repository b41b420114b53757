using ClusterSim.Hardware;
using ClusterSim.Kernels;

using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.Kernels;

/// <summary>Measured first, physics second: the table at an exact row, interpolation between rows, then the tile model.</summary>
public sealed class GemmPricerTests
{
    private static readonly AcceleratorSpec H800 = HardwareCatalog.Of(TestCatalog.Repository).Load("h800");
    private static readonly KernelTables Tables = KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h800");

    private static (double Ns, KernelProvenance Provenance) Price(GemmShape shape, double calls = 1, bool masked = false) =>
        new GemmPricer(H800, Tables, masked).PriceBenchmark(shape, DataType.Fp8, calls);

    [Fact]
    public void An_exact_row_is_its_published_time_per_call()
    {
        // DeepGEMM H800: m 64, n 2112, k 7168 at 206 TFLOPS -> 2 x 64 x 2112 x 7168 / 206e12 s = 9.4047 us per call;
        // 61 layers are 61 calls.
        var perCallNs = 2.0 * 64 * 2112 * 7168 / 206e12 * 1e9;
        var (ns, provenance) = Price(new GemmShape(1, 64, 2112, 7168), calls: 61);
        Assert.Equal(KernelProvenance.Measured, provenance);
        Assert.Equal(61 * perCallNs, ns, 1e-6);
    }

    [Fact]
    public void A_shape_between_rows_is_interpolated_in_log_space()
    {
        // m = 96 between the rows at m = 64 (9.4047 us) and m = 128 (2 x 128 x 2112 x 7168 / 352e12 = 11.008 us):
        // log-linear in log m, t = t64 x (t128 / t64)^(ln(96/64) / ln 2).
        var t64 = 2.0 * 64 * 2112 * 7168 / 206e12 * 1e9;
        var t128 = 2.0 * 128 * 2112 * 7168 / 352e12 * 1e9;
        var expected = t64 * Math.Pow(t128 / t64, Math.Log(96.0 / 64) / Math.Log(2));
        var (ns, provenance) = Price(new GemmShape(1, 96, 2112, 7168));
        Assert.Equal(KernelProvenance.Interpolated, provenance);
        Assert.Equal(expected, ns, 1e-6);
    }

    [Fact]
    public void A_shape_outside_the_table_falls_to_the_tile_model()
    {
        var shape = new GemmShape(1, 32, 1536, 7168);          // m = 32 lies below the table's m = 64
        var (ns, provenance) = Price(shape);
        Assert.Equal(KernelProvenance.None, provenance);
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        Assert.Equal(new GemmTileModel(H800).Nanoseconds(shape, DataType.Fp8, read, written, 1, out _), ns, 1e-9);
    }

    [Theory]
    [InlineData(false, 1297)]   // contiguous: groups 4, 8192 rows per group, n 4096, k 7168 at 1297 TFLOPS
    [InlineData(true, double.NaN)] // masked has no such row (4 x 8192 lies outside its range): tile model
    public void Grouped_GEMMs_read_the_layout_of_the_pool(bool masked, double tflops)
    {
        var shape = new GemmShape(4, 8192, 4096, 7168);
        var (ns, provenance) = Price(shape, masked: masked);
        if (double.IsNaN(tflops))
        {
            Assert.Equal(KernelProvenance.None, provenance);
        }
        else
        {
            Assert.Equal(KernelProvenance.Measured, provenance);
            Assert.Equal(shape.Flops / (tflops * 1e12) * 1e9, ns, 1e-6);
        }
    }

    [Fact]
    public void Without_tables_or_tile_constants_the_caller_keeps_the_plain_roofline()
    {
        var mi300x = HardwareCatalog.Of(TestCatalog.Repository).Load("mi300x");
        var pricer = new GemmPricer(mi300x, null, maskedGroupedLayout: false);
        Assert.False(pricer.IsShapeAware);
        Assert.True(double.IsNaN(pricer.Nanoseconds(new GemmShape(1, 64, 2112, 7168), DataType.Fp8, 1, 1, 1, out _, out _)));
    }
}

/// <summary>Each run books where its kernel time was priced; H200 has no tables: GEMMs on the tile model, the rest on the roofline.</summary>
public sealed class KernelProvenanceRunTests
{
    [Fact]
    public void A_run_without_tables_prices_GEMMs_on_the_tile_model_and_the_rest_on_the_roofline()
    {
        var result = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(ratePerSecond: 4, duration: "4 s", outputMean: 40)));
        var pool = Assert.Single(result.Metrics.Pools.Values);
        Assert.True(pool.TileModelKernelNs > 0);
        Assert.True(pool.RooflineKernelNs > 0);
        Assert.Equal(0, pool.MeasuredKernelNs);
        Assert.Equal(0, pool.InterpolatedKernelNs);

        // Kernel time is summed over every rank and weighted by layers, so it exceeds the pool's busy time per rank.
        var kernels = pool.TileModelKernelNs + pool.RooflineKernelNs;
        Assert.True(kernels > pool.BusyNs, $"{kernels} ns of kernels against {pool.BusyNs} ns busy");
    }
}
