using System.Globalization;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using Xunit.Abstractions;

namespace ClusterSim.Tests.Kernels;

/// <summary>Leave-one-out on a hand-made table, and the shipped tables' figures printed for docs/kernels.md (not gated).</summary>
public sealed class LeaveOneOutTests(ITestOutputHelper output)
{
    [Fact]
    public void Leave_one_out_predicts_interior_rows_from_their_neighbours()
    {
        // m = 1, 2, 4 at 1, 3, 4 µs. Without m=2 the line 1 → 4 gives √(1·4) = 2 µs at m=2: error (2 − 3)/3 = −1/3.
        // The end rows have no neighbour on one side and are not predicted.
        var summary = LeaveOneOut.Run(KernelTableTests.Line((1, 1), (2, 3), (4, 4)));
        Assert.Equal(3, summary.Rows);
        Assert.Equal(1, summary.Predicted);
        Assert.Equal(-1.0 / 3, summary.Points[1].RelativeError, 12);
        Assert.Equal(1.0 / 3, summary.MedianAbsError, 12);
        Assert.Equal(1.0 / 3, summary.MaxAbsError, 12);
        Assert.Equal(KernelProvenance.None, summary.Points[0].Prediction.Provenance);
        Assert.Equal(2.5, LeaveOneOut.Median([1, 2, 3, 4]));
    }

    [Fact]
    public void A_power_law_line_is_predicted_without_error()
    {
        var summary = LeaveOneOut.Run(KernelTableTests.Line((64, 2), (128, 4), (256, 8), (512, 16)));
        Assert.Equal(2, summary.Predicted);
        Assert.Equal(0, summary.MaxAbsError, 12);
    }

    [Fact]
    public void Shipped_tables_leave_one_out_and_roofline_are_printed()
    {
        var directory = KernelTables.DirectoryOf(TestCatalog.Repository);
        var hardwareCatalog = HardwareCatalog.Of(TestCatalog.Repository);
        foreach (var hardware in KernelTables.Names(directory))
        {
            var spec = hardwareCatalog.Load(hardware);
            foreach (var table in KernelTables.Load(directory, hardware).All)
            {
                var s = LeaveOneOut.Run(table);
                output.WriteLine(Invariant($"| {hardware} | {table.Class.FileName()} | {s.Rows} | {s.Predicted} | {Pct(s.MedianAbsError)} | {Pct(s.MaxAbsError)} |"));
                foreach (var (p, r) in s.Points.Zip(KernelRooflinePoint.Compare(table, spec)))
                {
                    output.WriteLine(Invariant(
                        $"    {p.Row.Format.Name()} {p.Row.ShapeText} measured {p.Row.Primary:0.##} {(double.IsNaN(p.Row.TimeUs) ? "GB/s" : "us")} loo {p.Prediction.Provenance} {Pct(p.RelativeError)} | roofline {r.PeakTimeUs:0.##} us {r.Bound} achieved {Pct(r.AchievedFraction)} | scalars {r.ScalarTimeUs:0.##} us measured/scalars {r.MeasuredOverScalar:0.00}"));
                }
            }
        }
    }

    private static string Pct(double x) => double.IsNaN(x) ? "-" : (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
