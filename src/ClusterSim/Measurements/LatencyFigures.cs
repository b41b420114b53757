namespace ClusterSim.Measurements;

/// <summary>One latency metric's summary in milliseconds; null where the source does not have the figure.</summary>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
public sealed record LatencyFigures(double? Mean = null, double? P50 = null, double? P90 = null, double? P99 = null)
{
    /// <summary>No figure at all.</summary>
    public static LatencyFigures None { get; } = new();

    /// <summary>
    /// These figures with each missing one taken from <paramref name="fallback"/>: what a file reports wins over what
    /// is derived from its per-request arrays.
    /// </summary>
    public LatencyFigures Or(LatencyFigures fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new LatencyFigures(Mean ?? fallback.Mean, P50 ?? fallback.P50, P90 ?? fallback.P90, P99 ?? fallback.P99);
    }

    /// <summary>The summary of <paramref name="values"/> (mean and linear-interpolation percentiles); <see cref="None"/> when empty.</summary>
    public static LatencyFigures Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return None;
        }

        var sorted = values.Order().ToArray();
        return new LatencyFigures(values.Average(), Percentiles.Linear(sorted, 50), Percentiles.Linear(sorted, 90), Percentiles.Linear(sorted, 99));
    }
}
