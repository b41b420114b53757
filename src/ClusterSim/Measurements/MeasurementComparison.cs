namespace ClusterSim.Measurements;

/// <summary>
/// Lines a prediction up with a measurement metric by metric: throughput total, per GPU and per user, and TTFT, TPOT
/// and E2E mean, p50, p90 and p99. A metric the measurement lacks is listed as not measured.
/// </summary>
public static class MeasurementComparison
{
    /// <summary>The metric rows in report order.</summary>
    /// <param name="predicted">The prediction's figures (per-GPU set).</param>
    /// <param name="measured">The measurement.</param>
    /// <param name="accelerators">GPUs of the scenario's deployment, the divisor of a measured per-GPU figure the file does not report.</param>
    public static IReadOnlyList<MetricError> Compare(BenchmarkFigures predicted, MeasuredRun measured, int accelerators)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentOutOfRangeException.ThrowIfLessThan(accelerators, 1);
        var reported = measured.Reported;
        var figures = measured.Figures;
        string? From(double? reportedValue, double? value) => value is null ? null : reportedValue is not null ? "reported" : "per-request";

        var rows = new List<MetricError>
        {
            new("output_tokens_per_s", "tok/s", predicted.OutputTokensPerSecond, figures.OutputTokensPerSecond, From(reported.OutputTokensPerSecond, figures.OutputTokensPerSecond)),
        };

        // A per-GPU figure the file reports is taken as is; otherwise the total over the scenario's GPUs, since the
        // scenario is the description of the deployment that was measured.
        var perGpu = figures.OutputTokensPerSecondPerGpu ?? figures.OutputTokensPerSecond / accelerators;
        var perGpuFrom = figures.OutputTokensPerSecondPerGpu is not null ? "reported" : perGpu is null ? null : $"total / {accelerators} scenario GPUs";
        rows.Add(new("output_tokens_per_s_per_gpu", "tok/s/GPU", predicted.OutputTokensPerSecondPerGpu, perGpu, perGpuFrom));
        rows.Add(new("output_tokens_per_s_per_user", "tok/s/user", predicted.OutputTokensPerSecondPerUser, figures.OutputTokensPerSecondPerUser, From(reported.OutputTokensPerSecondPerUser, figures.OutputTokensPerSecondPerUser)));
        foreach (var (name, p, m, r) in new[]
        {
            ("ttft_ms", predicted.Ttft, figures.Ttft, reported.Ttft),
            ("tpot_ms", predicted.Tpot, figures.Tpot, reported.Tpot),
            ("e2e_ms", predicted.E2e, figures.E2e, reported.E2e),
        })
        {
            rows.Add(new($"{name}.mean", "ms", p.Mean, m.Mean, From(r.Mean, m.Mean)));
            rows.Add(new($"{name}.p50", "ms", p.P50, m.P50, From(r.P50, m.P50)));
            rows.Add(new($"{name}.p90", "ms", p.P90, m.P90, From(r.P90, m.P90)));
            rows.Add(new($"{name}.p99", "ms", p.P99, m.P99, From(r.P99, m.P99)));
        }

        return rows;
    }

    /// <summary>The compared rows whose |error| exceeds <paramref name="maxErrorPercent"/>.</summary>
    public static IReadOnlyList<MetricError> Beyond(IReadOnlyList<MetricError> rows, double maxErrorPercent)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Where(r => r.ErrorPercent is { } e && Math.Abs(e) > maxErrorPercent).ToArray();
    }
}
