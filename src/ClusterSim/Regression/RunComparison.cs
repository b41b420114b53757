using System.Globalization;

namespace ClusterSim.Regression;

/// <summary>One metric of a comparison: both values, the change, and the gate's verdict if the metric is gated.</summary>
/// <param name="Metric">Metric path.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Baseline">Baseline value (NaN when absent).</param>
/// <param name="Candidate">Candidate value (NaN when absent).</param>
/// <param name="ChangePercent">(candidate − baseline) / |baseline| in percent; ±infinity from a zero baseline; NaN when a value is absent.</param>
/// <param name="TolerancePercent">The gate's tolerance, or null when the metric is only reported.</param>
/// <param name="Passed">False only when a gate exists and the metric got worse by more than its tolerance (or vanished).</param>
public sealed record MetricDelta(
    string Metric, MetricDirection Direction, double Baseline, double Candidate, double ChangePercent, double? TolerancePercent, bool Passed)
{
    /// <summary>The change in the worse direction, in percent (positive = worse); NaN when a value is absent.</summary>
    public double WorsePercent => Direction == MetricDirection.LowerIsBetter ? ChangePercent : -ChangePercent;

    /// <summary>
    /// Why a gate failed, in words for the report (null when it passed or is not gated). A value absent on one side
    /// (for example a latency percentile of a run in which no request completed) has no percentage to show, so the
    /// reason names the side instead.
    /// </summary>
    public string? FailureReason => Passed ? null : (double.IsNaN(Baseline), double.IsNaN(Candidate)) switch
    {
        (true, false) => "absent from the baseline (no value to compare against)",
        (false, true) => "absent from the candidate (no request completed, or the run does not report it)",
        _ => $"{FormatPercent(WorsePercent)} worse (tolerance {TolerancePercent!.Value.ToString("0.###", CultureInfo.InvariantCulture)}%)",
    };

    private static string FormatPercent(double value) => double.IsPositiveInfinity(value)
        ? "inf%"
        : value.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}

/// <summary>The result of comparing two summaries under a set of gates.</summary>
/// <param name="Label">Which pair was compared (a sweep point name, or empty for a single run).</param>
/// <param name="Metrics">Every compared metric, in report order.</param>
public sealed record RunComparison(string Label, IReadOnlyList<MetricDelta> Metrics)
{
    /// <summary>True when every gate passed.</summary>
    public bool Passed => Metrics.All(m => m.Passed);

    /// <summary>The gated metrics that failed.</summary>
    public IEnumerable<MetricDelta> Failures => Metrics.Where(m => !m.Passed);

    /// <summary>Compares <paramref name="candidate"/> with <paramref name="baseline"/>; every metric is reported, the gated ones judged.</summary>
    public static RunComparison Compare(SummaryMetrics baseline, SummaryMetrics candidate, IReadOnlyList<MetricGate> gates, string label = "")
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(gates);
        var rows = new List<MetricDelta>();
        foreach (var metric in ComparedMetrics.All)
        {
            var b = baseline[metric.Path];
            var c = candidate[metric.Path];
            var change = ChangePercent(b, c);
            var gate = gates.LastOrDefault(g => string.Equals(g.Metric, metric.Path, StringComparison.Ordinal));
            var worse = metric.Direction == MetricDirection.LowerIsBetter ? change : -change;
            var passed = gate is null || Judge(b, c, worse, gate.TolerancePercent);
            rows.Add(new MetricDelta(metric.Path, metric.Direction, b, c, change, gate?.TolerancePercent, passed));
        }

        return new RunComparison(label, rows);
    }

    /// <summary>Resolves user-named tolerances (paths or aliases) on top of the defaults; unknown names are an input error listing the accepted ones.</summary>
    /// <exception cref="RegressionInputException">A metric name is unknown.</exception>
    public static IReadOnlyList<MetricGate> GatesFrom(IEnumerable<(string Metric, double Percent)> tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        var gates = ComparedMetrics.DefaultGates.ToDictionary(g => g.Metric, StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (name, percent) in tolerances)
        {
            if (ComparedMetrics.Find(name) is { } metric)
            {
                gates[metric.Path] = new MetricGate(metric.Path, percent);
            }
            else
            {
                unknown.Add(name);
            }
        }

        if (unknown.Count > 0)
        {
            throw new RegressionInputException($"unknown metric(s) {string.Join(", ", unknown)} in --tolerance; known: {ComparedMetrics.AcceptedNames}");
        }

        return [.. ComparedMetrics.All.Where(m => gates.ContainsKey(m.Path)).Select(m => gates[m.Path])];
    }

    private static double ChangePercent(double baseline, double candidate)
    {
        if (double.IsNaN(baseline) || double.IsNaN(candidate))
        {
            return double.NaN;
        }

        if (baseline == candidate)
        {
            return 0;
        }

        return baseline == 0 ? (candidate > 0 ? double.PositiveInfinity : double.NegativeInfinity) : (candidate - baseline) / Math.Abs(baseline) * 100;
    }

    private static bool Judge(double baseline, double candidate, double worsePercent, double tolerancePercent)
    {
        if (double.IsNaN(baseline) && double.IsNaN(candidate))
        {
            // Neither run has the metric (an unset SLO): nothing to regress.
            return true;
        }

        if (double.IsNaN(baseline) || double.IsNaN(candidate))
        {
            return false;
        }

        // A hair of slack so that a change exactly at the tolerance passes despite rounding in the summaries.
        return worsePercent <= tolerancePercent + 1e-9;
    }
}
