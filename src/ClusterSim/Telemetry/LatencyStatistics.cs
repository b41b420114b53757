using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Telemetry;

/// <summary>
/// Mean and quantiles of a latency, in milliseconds, for summary.json. An empty distribution has
/// <see cref="Count"/> 0 and NaN figures (written as null): no request completed, so there is no latency to report,
/// and 0 ms would read as a perfect one.
/// </summary>
/// <param name="Count">Samples summarised.</param>
/// <param name="Mean">Arithmetic mean, ms (NaN when empty).</param>
/// <param name="P50">Median, ms (NaN when empty).</param>
/// <param name="P90">90th percentile, ms (NaN when empty).</param>
/// <param name="P99">99th percentile, ms (NaN when empty).</param>
/// <param name="Max">Largest sample, ms (NaN when empty).</param>
public readonly record struct LatencySummary(long Count, double Mean, double P50, double P90, double P99, double Max)
{
    /// <summary>Whether there is anything to report.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Summarises a sketch of millisecond samples (quantiles within the sketch's relative accuracy).</summary>
    public static LatencySummary From(QuantileSketch sketch)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        return sketch.Count == 0
            ? Empty
            : new LatencySummary(sketch.Count, sketch.Mean, sketch.Quantile(0.5), sketch.Quantile(0.9), sketch.Quantile(0.99), sketch.Max);
    }

    /// <summary>Summarises exact per-request samples (exact quantiles).</summary>
    public static LatencySummary From(LatencySamples samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return samples.Count == 0
            ? Empty
            : new LatencySummary(samples.Count, samples.Mean, samples.Quantile(0.5), samples.Quantile(0.9), samples.Quantile(0.99), samples.Max);
    }

    private static LatencySummary Empty => new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}
