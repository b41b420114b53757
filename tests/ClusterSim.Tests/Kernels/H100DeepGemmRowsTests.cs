using ClusterSim.Hardware;
using ClusterSim.Kernels;
using Xunit.Abstractions;
using static System.FormattableString;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// DeepGEMM's FP8 GEMM measured on an H100 at DeepSeek-V3's decode shapes (issue 136 of its repository): the
/// transcription, the pricer reading the rows, and how the H800 constants carried to H100 and H800's own published rows
/// compare with them (docs/kernels.md prints these figures).
/// </summary>
public sealed class H100DeepGemmRowsTests(ITestOutputHelper output)
{
    private static readonly HardwareCatalog Catalog = HardwareCatalog.Of(TestCatalog.Repository);

    private static KernelTables Tables(string hardware) => KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), hardware);

    private static KernelRow[] Fp8Rows(string hardware) =>
        GemmTileFit.GemmRows(Tables(hardware)).Where(r => r.Class == KernelClass.DenseGemm && r.Format == DataType.Fp8).ToArray();

    [Fact]
    public void The_twelve_rows_are_transcribed_with_times_near_the_printed_whole_microseconds()
    {
        var rows = Fp8Rows("h100");
        Assert.Equal(12, rows.Length);
        // The printed times, rounded to whole microseconds, in the order printed: the derived 2·m·n·k / TFLOPS must
        // round to within half a microsecond of them (a TFLOPS or shape digit wrong by more than a few per cent fails).
        (int M, int N, int K, int PrintedUs)[] printed =
        [
            (64, 7168, 576, 6), (64, 2112, 7168, 13), (64, 24576, 1536, 21), (64, 32768, 512, 12), (64, 7168, 16384, 51),
            (64, 4096, 7168, 18), (64, 7168, 2048, 10), (128, 7168, 576, 6), (128, 2112, 7168, 14), (128, 24576, 1536, 22),
            (128, 32768, 512, 13), (128, 7168, 16384, 56),
        ];
        foreach (var (m, n, k, us) in printed)
        {
            var row = Assert.Single(rows, r => r.Shape[0] == m && r.Shape[1] == n && r.Shape[2] == k);
            Assert.True(Math.Abs(row.TimeUs - us) <= 0.5 + 1e-9, Invariant($"m {m} n {n} k {k}: derived {row.TimeUs:0.00} us, printed {us} us"));
        }

        // By hand: m 64, n 7168, k 16384 at 292 TFLOPS: 2 · 64 · 7168 · 16384 / 292e12 = 51.48 us.
        Assert.Equal(51.48, rows.Single(r => r.Shape[0] == 64 && r.Shape[2] == 16384).TimeUs, 0.01);
    }

    [Fact]
    public void H100_prices_these_shapes_from_its_own_rows_and_between_m_64_and_128_by_interpolation()
    {
        var h100 = Catalog.Load("h100");
        var pricer = new GemmPricer(h100, Tables("h100"), maskedGroupedLayout: true);
        var (ns, provenance) = pricer.PriceBenchmark(new GemmShape(1, 128, 7168, 16384), DataType.Fp8);
        Assert.Equal(KernelProvenance.Measured, provenance);
        Assert.Equal(2.0 * 128 * 7168 * 16384 / 535e12 * 1e9, ns, 1e-6);

        // m 96 lies between the measured 64 and 128 at the same n and k: log-log interpolation, between the two times.
        var (interpolated, p2) = pricer.PriceBenchmark(new GemmShape(1, 96, 7168, 16384), DataType.Fp8);
        Assert.Equal(KernelProvenance.Interpolated, p2);
        Assert.InRange(interpolated, 2.0 * 64 * 7168 * 16384 / 292e12 * 1e9, ns);
    }

    [Fact]
    public void The_carried_h800_constants_and_h800s_own_rows_are_faster_than_the_h100_rows()
    {
        var h100 = Catalog.Load("h100");
        var rows = Fp8Rows("h100");
        var tile = rows.Select(r => (GemmTileFit.PredictUs(h100, r) - r.TimeUs) / r.TimeUs).ToArray();
        var h800 = Fp8Rows("h800");
        var sameShape = rows
            .Select(r => (H100: r, H800: h800.SingleOrDefault(s => s.Shape.SequenceEqual(r.Shape))))
            .Where(p => p.H800 is not null)
            .Select(p => p.H100.Tflops / p.H800!.Tflops)
            .Order()
            .ToArray();
        foreach (var (row, error) in rows.Zip(tile))
        {
            output.WriteLine(Invariant($"m {row.Shape[0]} n {row.Shape[1]} k {row.Shape[2]}: measured {row.TimeUs:0.0} us, carried tile model {error:+0.0%;-0.0%}"));
        }

        var median = LeaveOneOut.Median(tile.Select(Math.Abs).Order().ToArray());
        output.WriteLine(Invariant($"carried h800 constants on h100 fp8: median |error| {median:P1}, mean {tile.Average():+0.0%;-0.0%}"));
        output.WriteLine(Invariant($"h100 / h800 rate at the same shape ({sameShape.Length} shapes): {sameShape[0]:0.00}-{sameShape[^1]:0.00}, median {LeaveOneOut.Median(sameShape):0.00}"));
        // The direction both comparisons share: on these shapes the H100 measured slower than H800's published table.
        Assert.True(tile.Average() < 0, "the carried constants are faster than the H100 rows on average");
        Assert.True(LeaveOneOut.Median(sameShape) < 1, "the H100 rows are slower than H800's at the same shapes");
    }
}
