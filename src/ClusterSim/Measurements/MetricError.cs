namespace ClusterSim.Measurements;

/// <summary>Whether a metric could be compared.</summary>
public enum MetricStatus
{
    /// <summary>Both sides have it; <see cref="MetricError.ErrorPercent"/> is set.</summary>
    Compared,

    /// <summary>The measurement does not have it (never invented).</summary>
    NotMeasured,

    /// <summary>The simulation has no value (no request finished, or none had a second token).</summary>
    NotPredicted,

    /// <summary>The measured value is 0, so no relative error exists.</summary>
    MeasuredZero,
}

/// <summary>One metric, predicted against measured.</summary>
/// <param name="Metric">Its name: <c>output_tokens_per_s</c>, <c>ttft_ms.p99</c>, ...</param>
/// <param name="Unit">Its unit, for display.</param>
/// <param name="Predicted">The simulation's value, or null.</param>
/// <param name="Measured">The measurement's value, or null.</param>
/// <param name="MeasuredFrom">
/// Where the measured value comes from: <c>reported</c> (the file states it), <c>per-request</c> (derived from the
/// file's per-request data with the harness's formula) or <c>total / scenario GPUs</c>; null when not measured.
/// </param>
public sealed record MetricError(string Metric, string Unit, double? Predicted, double? Measured, string? MeasuredFrom)
{
    /// <summary>(predicted − measured) / measured × 100, when both exist and measured is not 0.</summary>
    public double? ErrorPercent => Status == MetricStatus.Compared ? (Predicted!.Value - Measured!.Value) / Measured.Value * 100 : null;

    /// <summary>
    /// ln(predicted / measured) when both are positive: the error a fit minimises (symmetric, so predicting half and
    /// predicting double weigh the same); null otherwise.
    /// </summary>
    public double? LogError => Status == MetricStatus.Compared && Predicted > 0 && Measured > 0 ? Math.Log(Predicted!.Value / Measured!.Value) : null;

    /// <summary>Whether the metric was compared, and why not.</summary>
    public MetricStatus Status => Measured is null ? MetricStatus.NotMeasured
        : Predicted is null ? MetricStatus.NotPredicted
        : Measured.Value == 0 ? MetricStatus.MeasuredZero
        : MetricStatus.Compared;

    /// <summary>The status as the report writes it ("compared", "not measured", ...).</summary>
    public string StatusText => Status switch
    {
        MetricStatus.Compared => "compared",
        MetricStatus.NotMeasured => "not measured",
        MetricStatus.NotPredicted => "not predicted",
        _ => "measured 0",
    };
}
