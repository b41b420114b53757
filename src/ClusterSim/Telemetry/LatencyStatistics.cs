using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Telemetry;

/// <summary>Mean and quantiles of a latency, in milliseconds, for summary.json.</summary>
public readonly record struct LatencySummary(long Count, double Mean, double P50, double P90, double P99, double Max)
{
    /// <summary>Summarises a sketch of millisecond samples; all NaN-free zeros when empty.</summary>
    public static LatencySummary From(QuantileSketch sketch) => sketch.Count == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(sketch.Count, sketch.Mean, sketch.Quantile(0.5), sketch.Quantile(0.9), sketch.Quantile(0.99), sketch.Max);
}
