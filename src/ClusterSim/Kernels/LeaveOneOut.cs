namespace ClusterSim.Kernels;

/// <summary>One row predicted from its table with that row left out.</summary>
/// <param name="Row">The row left out.</param>
/// <param name="Prediction">The table's answer without the row (provenance None when no neighbours bracket it).</param>
public sealed record LeaveOneOutPoint(KernelRow Row, KernelEstimate Prediction)
{
    /// <summary>(predicted − measured) / measured of the primary figure, NaN when there is no prediction.</summary>
    public double RelativeError => Prediction.HasValue ? (Prediction.Primary - Row.Primary) / Row.Primary : double.NaN;
}

/// <summary>The leave-one-out errors of one table: how many rows could be predicted and the median and max |error|.</summary>
/// <param name="Class">The kernel class.</param>
/// <param name="Rows">Rows in the table.</param>
/// <param name="Predicted">Rows that the rest of the table could predict (interior of a measured line).</param>
/// <param name="MedianAbsError">Median |relative error| over predicted rows, NaN when none.</param>
/// <param name="MaxAbsError">Largest |relative error|, NaN when none.</param>
/// <param name="Points">Every row with its prediction.</param>
public sealed record LeaveOneOutSummary(KernelClass Class, int Rows, int Predicted, double MedianAbsError, double MaxAbsError, IReadOnlyList<LeaveOneOutPoint> Points);

/// <summary>
/// Leave-one-out validation of a kernel table: each row is looked up in a table built from all the other rows, at
/// the row's own shape, format and link. Offline evidence, not the hot path, so it may allocate freely.
/// </summary>
public static class LeaveOneOut
{
    /// <summary>Predicts every row of <paramref name="table"/> from the others and summarises the errors.</summary>
    public static LeaveOneOutSummary Run(KernelTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var points = new List<LeaveOneOutPoint>();
        foreach (var row in table.Rows)
        {
            var rest = new KernelTable(table.Class, table.Rows.Where(r => !ReferenceEquals(r, row)).ToArray());
            var shape = row.Shape.ToArray();
            points.Add(new LeaveOneOutPoint(row, rest.Lookup(row.Format, row.Link, shape)));
        }

        var errors = points.Where(p => p.Prediction.HasValue).Select(p => Math.Abs(p.RelativeError)).Order().ToArray();
        return new LeaveOneOutSummary(table.Class, points.Count, errors.Length, Median(errors), errors.Length == 0 ? double.NaN : errors[^1], points);
    }

    /// <summary>The median of a sorted array (mean of the middle two for an even count), NaN when empty.</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
