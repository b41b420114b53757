using ClusterSim.Hardware;
using ClusterSim.Kernels;
using Xunit.Abstractions;
using static System.FormattableString;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// The shape-aware GEMM roofline: DeepGEMM's tile selection, whole waves over the SMs, the output write after the
/// main loop and a fixed time per call; its constants fitted to the H800 table and checked by leave-one-out.
/// </summary>
public sealed class GemmTileModelTests(ITestOutputHelper output)
{
    private static readonly HardwareCatalog Catalog = HardwareCatalog.Of(TestCatalog.Repository);

    private static AcceleratorSpec H800 => Catalog.Load("h800");

    private static IReadOnlyList<KernelRow> H800Rows =>
        GemmTileFit.GemmRows(KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h800"));

    [Theory]
    [InlineData(1, 64, 2112, 7168, 64, 16, 1)]      // 132 tiles of 64 x 16 fill the 132 SMs exactly: one wave
    [InlineData(1, 128, 7168, 2048, 128, 56, 1)]    // 7168 / 56 = 128 tiles: one wave, the widest tile that keeps it one
    [InlineData(1, 4096, 7168, 16384, 128, 128, 14)] // 32 x 56 = 1792 tiles: 13.6 -> 14 waves; 120 wide would be 32 x 60 = 1920, 15 waves
    [InlineData(4, 256, 4096, 7168, 128, 128, 2)]   // 4 x 2 x 32 = 256 tiles: 2 waves; narrower tiles only add waves
    public void Tiles_follow_DeepGEMMs_selection(double groups, double m, double n, double k, int tileM, int tileN, long waves)
    {
        var model = new GemmTileModel(H800);
        var tile = model.Tile(new GemmShape(groups, m, n, k));
        Assert.Equal((tileM, tileN, waves), tile);
    }

    [Fact]
    public void The_tile_choice_matches_the_selection_rule_written_out_for_every_small_shape()
    {
        // The rule as the class documents it, with ceiling division and modulo spelled out: fewest waves, then the
        // fullest last wave, ties to the narrower tile. Every row count to 600, fractional means included, and
        // groups 1 to 16 on the widths DeepSeek-V3's GEMMs use, on H800's 132 SMs.
        const long Sms = 132;
        var model = new GemmTileModel(H800);
        foreach (var groups in new[] { 1.0, 3, 16 })
        {
            foreach (var n in new[] { 576.0, 1536, 2112, 4096, 7168, 24576 })
            {
                for (var m = 0.5; m <= 600; m += 0.5)
                {
                    var tileM = m <= 64 ? 64 : 128;
                    var rows = groups * Math.Ceiling(m / tileM);
                    (int N, long Waves, long Last) best = (0, long.MaxValue, 0);
                    for (var tileN = 16; tileN <= 128; tileN += 8)
                    {
                        var tiles = (long)(rows * Math.Ceiling(n / tileN));
                        var waves = (tiles + Sms - 1) / Sms;
                        var last = tiles % Sms == 0 ? Sms : tiles % Sms;
                        if (waves < best.Waves || (waves == best.Waves && last > best.Last))
                        {
                            best = (tileN, waves, last);
                        }
                    }

                    Assert.Equal((tileM, best.N, best.Waves), model.Tile(new GemmShape(groups, m, n, 7168)));
                }
            }
        }
    }

    [Fact]
    public void One_call_is_whole_waves_of_compute_or_its_inputs_then_its_output_and_the_fixed_time()
    {
        // H800: 132 SMs, FP8 peak 1979 TFLOP/s, HBM 3.35 TB/s, gemm_tiles e_c, e_m, t0 from the hardware file.
        var spec = H800;
        var tiles = spec.GemmTiles!;
        var ec = tiles.Efficiency.Compute.Value;
        var em = tiles.Efficiency.Memory.Value;
        var t0 = tiles.FixedPerCall.Value.Nanoseconds;
        var model = new GemmTileModel(spec);

        // m = 4096, n = 7168, k = 16384: tile 128 x 128, 14 waves (above). Compute = 14 x 2 x 128 x 128 x 16384 FLOPs
        // at 1979e12 / 132 x e_c per SM; inputs (4096 + 7168) x 16384 B; output 4096 x 7168 x 2 B.
        var shape = new GemmShape(1, 4096, 7168, 16384);
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        Assert.Equal((4096.0 + 7168) * 16384, read);
        Assert.Equal(4096.0 * 7168 * 2, written);
        var compute = 14 * 2.0 * 128 * 128 * 16384 / (1979e12 / 132 * ec) * 1e9;
        var input = read / (3.35e12 * em) * 1e9;
        var expected = Math.Max(compute, input) + (written / (3.35e12 * em) * 1e9) + t0;
        Assert.True(compute > input, "this shape is compute-bound");
        Assert.Equal(expected, model.Nanoseconds(shape, DataType.Fp8, read, written, 1, out var bound), 1e-6);
        Assert.True(bound);

        // m = 64, n = 2112, k = 7168: one wave of 64 x 16 tiles, 2 x 64 x 16 x 7168 FLOPs per SM, far below the
        // weight stream: bound by its inputs.
        var small = new GemmShape(1, 64, 2112, 7168);
        var (r2, w2) = GemmTileModel.BenchmarkBytes(small, 1);
        var expectedSmall = (r2 / (3.35e12 * em) * 1e9) + (w2 / (3.35e12 * em) * 1e9) + t0;
        Assert.Equal(expectedSmall, model.Nanoseconds(small, DataType.Fp8, r2, w2, 1, out var smallBound), 1e-6);
        Assert.False(smallBound);

        // Calls multiply: 61 layers cost 61 calls.
        Assert.Equal(61 * expectedSmall, model.Nanoseconds(small, DataType.Fp8, r2, w2, 61, out _), 1e-6);
    }

    [Fact]
    public void The_h800_constants_are_the_fit_to_its_published_GEMM_table()
    {
        // The hardware file's gemm_tiles are what GemmTileFit gives on DeepGEMM's 28 published H800 rows (rounded as
        // written there). The fit is kernel-level calibration; no serving figure enters it.
        var rows = H800Rows;
        Assert.Equal(28, rows.Count);
        TileFitAssertions.AssertGemmTilesAreTheFit(H800, rows, output);
    }

    [Fact]
    public void Leave_one_out_errors_of_the_tile_model_are_within_ten_percent_median_per_class()
    {
        // Every row predicted by constants fitted to the other 27 (docs/kernels.md prints this table).
        var predictions = GemmTileFit.LeaveOneOut(H800, H800Rows);
        foreach (var group in predictions.GroupBy(p => p.Row.Class))
        {
            var errors = group.Select(p => Math.Abs(p.RelativeError)).Order().ToArray();
            var median = LeaveOneOut.Median(errors);
            output.WriteLine(Invariant($"| h800 | {group.Key.FileName()} | {errors.Length} | {median:P1} | {errors[^1]:P1} |"));
            foreach (var p in group)
            {
                output.WriteLine(Invariant($"    {p.Row.ShapeText} measured {p.Row.TimeUs:0.0} us predicted {p.PredictedUs:0.0} us {p.RelativeError:+0.0%;-0.0%}"));
            }

            Assert.True(median <= 0.10, Invariant($"{group.Key.FileName()}: median leave-one-out error {median:P1}"));
        }
    }

    [Fact]
    public void A_chip_without_an_SM_count_or_tile_constants_has_no_tile_model()
    {
        Assert.Null(GemmTileModel.For(Catalog.Load("mi300x")));
        Assert.NotNull(GemmTileModel.For(H800));
    }

    [Fact]
    public void Tile_constants_need_the_SM_count()
    {
        var text = File.ReadAllText(Path.Combine(TestCatalog.Repository.ScenariosDirectory, "hardware", "h800.yaml"));
        var without = string.Join('\n', text.Split('\n').SkipWhile(_ => false).Where(l => !l.StartsWith("streaming_multiprocessors", StringComparison.Ordinal) && !l.StartsWith("  value: 132", StringComparison.Ordinal) && !l.Contains("H100 Tensor Core GPU Architecture whitepaper", StringComparison.Ordinal) && !l.Contains("same die and SMs", StringComparison.Ordinal)));
        var error = Assert.Throws<ClusterSim.Input.InputException>(() => AcceleratorSpecReader.Parse("x.yaml", without));
        Assert.Contains("gemm_tiles", error.Message, StringComparison.Ordinal);
        Assert.Contains("streaming_multiprocessors", error.Message, StringComparison.Ordinal);
    }
}
