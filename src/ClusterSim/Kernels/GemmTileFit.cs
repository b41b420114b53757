using ClusterSim.Engine;
using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>The tile model's three constants as fitted, and the fit's residual.</summary>
/// <param name="Compute">Per-tile compute efficiency e_c.</param>
/// <param name="Memory">HBM efficiency e_m.</param>
/// <param name="FixedPerCallUs">Fixed time per call t₀ in µs.</param>
/// <param name="SumSquaredLogError">Σ ln(predicted / measured)² over the rows fitted.</param>
public sealed record GemmTileConstants(double Compute, double Memory, double FixedPerCallUs, double SumSquaredLogError);

/// <summary>One GEMM row predicted by the tile model.</summary>
/// <param name="Row">The measured row.</param>
/// <param name="PredictedUs">The model's time for the row's shape, µs.</param>
public sealed record GemmTilePrediction(KernelRow Row, double PredictedUs)
{
    /// <summary>(predicted − measured) / measured.</summary>
    public double RelativeError => (PredictedUs - Row.TimeUs) / Row.TimeUs;
}

/// <summary>
/// Fits the GEMM tile model's constants (e_c, e_m, t₀) to measured GEMM rows of one accelerator by least squares on
/// the log of predicted over measured time (Nelder-Mead, bounded by rejecting values outside (0, 1] and t₀ &lt; 0),
/// and predicts rows with a fitted model. Kernel-level calibration, offline: it may allocate.
/// </summary>
public static class GemmTileFit
{
    /// <summary>The GEMM rows of <paramref name="tables"/> that have a time: dense and both grouped layouts.</summary>
    public static IReadOnlyList<KernelRow> GemmRows(KernelTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return new[] { KernelClass.DenseGemm, KernelClass.GroupedGemmContiguous, KernelClass.GroupedGemmMasked }
            .Select(tables.For)
            .Where(t => t is not null)
            .SelectMany(t => t!.Rows)
            .Where(r => !double.IsNaN(r.TimeUs))
            .ToArray();
    }

    /// <summary>The shape of a GEMM row (dense rows are one group).</summary>
    public static GemmShape ShapeOf(KernelRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Class == KernelClass.DenseGemm
            ? new GemmShape(1, row.Shape[0], row.Shape[1], row.Shape[2])
            : new GemmShape(row.Shape[0], row.Shape[1], row.Shape[2], row.Shape[3]);
    }

    /// <summary>The model's time for <paramref name="row"/> on <paramref name="spec"/> (which must carry gemm_tiles), µs.</summary>
    public static double PredictUs(AcceleratorSpec spec, KernelRow row) => PredictUs(new GemmTileModel(spec), row);

    /// <summary>Fits the constants to <paramref name="rows"/> on <paramref name="spec"/>'s peaks, SMs and bandwidth.</summary>
    public static GemmTileConstants Fit(AcceleratorSpec spec, IReadOnlyList<KernelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rows);
        double Objective(double[] p)
        {
            if (!(p[0] > 0 && p[0] <= 1 && p[1] > 0 && p[1] <= 1 && p[2] >= 0))
            {
                return double.MaxValue;
            }

            var model = new GemmTileModel(With(spec, p[0], p[1], p[2]));
            return rows.Sum(r => Math.Pow(Math.Log(PredictUs(model, r) / r.TimeUs), 2));
        }

        var best = NelderMead.Minimise(Objective, [0.7, 0.8, 2.0], [0.1, 0.1, 1.0], iterations: 600).Point;
        return new GemmTileConstants(best[0], best[1], best[2], Objective(best));
    }

    /// <summary><paramref name="spec"/> with the tile constants replaced (labelled as fitted).</summary>
    public static AcceleratorSpec With(AcceleratorSpec spec, double compute, double memory, double fixedUs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fitted = new Source(SourceKind.Measured, "fitted by GemmTileFit");
        return spec with
        {
            GemmTiles = new GemmTileEfficiency(
                new OperationEfficiency(new Sourced<double>(compute, fitted), new Sourced<double>(memory, fitted)),
                new Sourced<SimDuration>(SimDuration.FromNanoseconds((long)Math.Round(fixedUs * 1e3)), fitted)),
        };
    }

    /// <summary>Each row predicted by constants fitted to all the other rows.</summary>
    public static IReadOnlyList<GemmTilePrediction> LeaveOneOut(AcceleratorSpec spec, IReadOnlyList<KernelRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(row =>
        {
            var rest = rows.Where(r => !ReferenceEquals(r, row)).ToArray();
            var c = Fit(spec, rest);
            return new GemmTilePrediction(row, PredictUs(With(spec, c.Compute, c.Memory, c.FixedPerCallUs), row));
        }).ToArray();
    }

    private static double PredictUs(GemmTileModel model, KernelRow row)
    {
        var shape = ShapeOf(row);
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, row.Format.BytesPerElement());
        return model.Nanoseconds(shape, row.Format, read, written, 1, out _) / 1e3;
    }
}
