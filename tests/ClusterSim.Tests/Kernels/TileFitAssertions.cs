using ClusterSim.Hardware;
using ClusterSim.Kernels;
using Xunit.Abstractions;
using static System.FormattableString;

namespace ClusterSim.Tests.Kernels;

/// <summary>A hardware file's GEMM tile constants checked against <see cref="GemmTileFit"/> on the rows they were fitted to.</summary>
internal static class TileFitAssertions
{
    /// <summary>Fits <paramref name="rows"/> and asserts <paramref name="spec"/>'s gemm_tiles are that fit, rounded as the file writes them.</summary>
    public static void AssertGemmTilesAreTheFit(AcceleratorSpec spec, IReadOnlyList<KernelRow> rows, ITestOutputHelper output)
    {
        var fit = GemmTileFit.Fit(spec, rows);
        output.WriteLine(Invariant($"e_c {fit.Compute:0.0000}, e_m {fit.Memory:0.0000}, t0 {fit.FixedPerCallUs:0.000} us, sum ln^2 {fit.SumSquaredLogError:0.0000}"));
        var tiles = spec.GemmTiles!;
        Assert.Equal(tiles.Efficiency.Compute.Value, fit.Compute, 0.001);
        Assert.Equal(tiles.Efficiency.Memory.Value, fit.Memory, 0.001);
        Assert.Equal(tiles.FixedPerCall.Value.Nanoseconds / 1e3, fit.FixedPerCallUs, 0.01);
    }
}
