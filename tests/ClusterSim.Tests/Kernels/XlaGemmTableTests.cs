using ClusterSim.Hardware;
using ClusterSim.Kernels;
using Xunit.Abstractions;
using static System.FormattableString;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// OpenXLA's measured GEMM tables (its GPU cost model's "matmul interpolator"), transcribed for B200 (sm_100, BF16 and
/// FP8) and H100 (sm_90, BF16): the transcription, the pricer reading them, and the tile model fitted to the B200 FP8
/// rows with its leave-one-out (docs/kernels.md prints these figures).
/// </summary>
public sealed class XlaGemmTableTests(ITestOutputHelper output)
{
    private static readonly double[] Sizes = [256, 512, 1024, 2048, 4096];

    private static readonly HardwareCatalog Catalog = HardwareCatalog.Of(TestCatalog.Repository);

    private static AcceleratorSpec B200 => Catalog.Load("b200");

    private static KernelTables Tables(string hardware) => KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), hardware);

    private static KernelRow[] Rows(string hardware, DataType format) =>
        GemmTileFit.GemmRows(Tables(hardware)).Where(r => r.Format == format).ToArray();

    [Theory]
    [InlineData("b200", DataType.Bf16)]
    [InlineData("b200", DataType.Fp8)]
    [InlineData("h100", DataType.Bf16)]
    public void Each_table_is_the_whole_b1_grid_and_every_rate_is_a_whole_number_of_nanoseconds(string hardware, DataType format)
    {
        // XLA stores 2·m·n·k over a time measured in whole nanoseconds, as an integer FLOP/s. A transcribed rate with a
        // wrong digit among its first six or so gives a time that is not whole, so this guards the transcription.
        var rows = Rows(hardware, format);
        Assert.Equal(125, rows.Length);
        var expected = Sizes.SelectMany(m => Sizes.SelectMany(n => Sizes.Select(k => (m, n, k)))).ToHashSet();
        Assert.True(expected.SetEquals(rows.Select(r => (r.Shape[0], r.Shape[1], r.Shape[2]))));
        foreach (var row in rows)
        {
            var ns = row.TimeUs * 1e3;
            Assert.True(Math.Abs(ns - Math.Round(ns)) < 1e-3, Invariant($"{hardware} {row.ShapeText}: {ns} ns is not whole"));
        }
    }

    [Fact]
    public void B200_GEMMs_inside_the_table_are_measured_and_outside_it_tile_priced()
    {
        // fp8 m = n = k = 4096 at 2764.981863158106 TFLOP/s: 2 x 4096^3 / 2764.981863158106e12 s = 49.707 us per call.
        var pricer = new GemmPricer(B200, Tables("b200"), maskedGroupedLayout: true);
        var (ns, provenance) = pricer.PriceBenchmark(new GemmShape(1, 4096, 4096, 4096), DataType.Fp8);
        Assert.Equal(KernelProvenance.Measured, provenance);
        Assert.Equal(2.0 * 4096 * 4096 * 4096 / 2764.981863158106e12 * 1e9, ns, 1e-6);
        Assert.Equal(49_707, ns, 1e-3);

        // k = 7168 lies beyond the measured 4096: the tile model prices it (provenance None).
        var beyond = new GemmShape(1, 1024, 4096, 7168);
        var (tileNs, tileProvenance) = pricer.PriceBenchmark(beyond, DataType.Fp8);
        Assert.Equal(KernelProvenance.None, tileProvenance);
        var (r2, w2) = GemmTileModel.BenchmarkBytes(beyond, 1);
        Assert.Equal(new GemmTileModel(B200).Nanoseconds(beyond, DataType.Fp8, r2, w2, 1, out _), tileNs, 1e-6);
    }

    [Fact]
    public void The_b200_tile_constants_are_the_fit_to_its_fp8_rows()
    {
        // b200.yaml's gemm_tiles are GemmTileFit on the 125 FP8 rows, rounded as written there (one set of constants per
        // chip; the FP8 rows were chosen because the serving scenarios compute in FP8 and FP4, not BF16).
        TileFitAssertions.AssertGemmTilesAreTheFit(B200, Rows("b200", DataType.Fp8), output);
    }

    [Theory]
    [InlineData(DataType.Fp8, 0.066)]  // the leave-one-out median of the FP8 rows (next test)
    [InlineData(DataType.Bf16, 0.063)] // BF16 rows never enter the fit: this is already out of sample
    public void The_shipped_b200_constants_reproduce_its_table_within_the_reported_median(DataType format, double reportedMedian)
    {
        var errors = Rows("b200", format).Select(r => Math.Abs((GemmTileFit.PredictUs(B200, r) - r.TimeUs) / r.TimeUs)).Order().ToArray();
        var median = LeaveOneOut.Median(errors);
        output.WriteLine(Invariant($"b200 {format.Name()}: median {median:P1}, max {errors[^1]:P1}"));
        foreach (var r in Rows("b200", format).OrderByDescending(r => Math.Abs(GemmTileFit.PredictUs(B200, r) - r.TimeUs) / r.TimeUs).Take(4))
        {
            output.WriteLine(Invariant($"    {r.ShapeText} measured {r.TimeUs:0.00} us predicted {GemmTileFit.PredictUs(B200, r):0.00} us"));
        }

        Assert.True(median <= reportedMedian + 0.0005, Invariant($"median {median:P2} above the reported {reportedMedian:P1}"));
    }

    [Fact]
    public void Leave_one_out_of_the_b200_fit_is_within_ten_percent_median()
    {
        // Each FP8 row predicted by constants fitted to the other 124 (docs/kernels.md, docs/validation.md).
        var predictions = GemmTileFit.LeaveOneOut(B200, Rows("b200", DataType.Fp8));
        var errors = predictions.Select(p => Math.Abs(p.RelativeError)).Order().ToArray();
        var median = LeaveOneOut.Median(errors);
        output.WriteLine(Invariant($"| b200 | dense-gemm (fp8) | {errors.Length} | {median:P1} | {errors[^1]:P1} |"));
        foreach (var p in predictions.OrderByDescending(p => Math.Abs(p.RelativeError)).Take(6))
        {
            output.WriteLine(Invariant($"    {p.Row.ShapeText} measured {p.Row.TimeUs:0.00} us predicted {p.PredictedUs:0.00} us {p.RelativeError:+0.0%;-0.0%}"));
        }

        Assert.True(median <= 0.10, Invariant($"median leave-one-out error {median:P1}"));
    }

    [Fact]
    public void The_h800_constants_carried_to_h100_and_a_fit_to_its_bf16_table_are_compared()
    {
        // h100.yaml carries DeepGEMM's H800 FP8 fit (65.7 %, 84.1 %, 2.68 us). On XLA's sm_90 BF16 rows (cuBLAS through
        // XLA) those constants are too fast on small shapes (t0 2.68 us against XLA's ~5 us floor) and too slow on large
        // ones (65.7 % of peak against the measured 79 % at 4096^3). A fit to the BF16 rows puts e_c on its bound of 1:
        // the tile model's form does not describe cuBLAS on Hopper, so these constants are not shipped (docs/kernels.md).
        var h100 = Catalog.Load("h100");
        var rows = Rows("h100", DataType.Bf16);
        var carried = rows.Select(r => (GemmTileFit.PredictUs(h100, r) - r.TimeUs) / r.TimeUs).ToArray();
        var carriedMedian = LeaveOneOut.Median(carried.Select(Math.Abs).Order().ToArray());
        var fit = GemmTileFit.Fit(h100, rows);
        var fitted = GemmTileFit.With(h100, fit.Compute, fit.Memory, fit.FixedPerCallUs);
        var fitErrors = rows.Select(r => Math.Abs((GemmTileFit.PredictUs(fitted, r) - r.TimeUs) / r.TimeUs)).Order().ToArray();
        output.WriteLine(Invariant($"h800 constants on h100 bf16: median |error| {carriedMedian:P1}, max {carried.Max(Math.Abs):P1}, mean {carried.Average():P1}"));
        output.WriteLine(Invariant($"bf16 fit: e_c {fit.Compute:0.0000}, e_m {fit.Memory:0.0000}, t0 {fit.FixedPerCallUs:0.000} us; in-sample median {LeaveOneOut.Median(fitErrors):P1}, max {fitErrors[^1]:P1}"));
        Assert.True(fit.Compute > 0.99, "the fit's compute efficiency sits on its bound");
        Assert.True(carriedMedian > 3 * LeaveOneOut.Median(fitErrors), "the carried constants miss by far more than the fit");
    }
}
