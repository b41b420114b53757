using System.Globalization;

namespace ClusterSim.Cli.Commands;

/// <summary>How far a candidate's metric may move from the baseline before compare fails.</summary>
/// <param name="Metric">Metric name as in summary.json, e.g. "ttft_p99".</param>
/// <param name="Percent">Allowed relative change in percent of the baseline value (5 means 5 %).</param>
public sealed record MetricTolerance(string Metric, double Percent)
{
    /// <summary>Parses "METRIC=PCT" (an optional trailing "%" is accepted); returns an error sentence instead when malformed.</summary>
    public static bool TryParse(string text, out MetricTolerance? tolerance, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        tolerance = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var metric = equals > 0 ? text[..equals].Trim() : string.Empty;
        var number = equals > 0 ? text[(equals + 1)..].Trim().TrimEnd('%') : string.Empty;
        if (metric.Length == 0
            || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            || !double.IsFinite(percent)
            || percent < 0)
        {
            error = $"--tolerance '{text}': expected METRIC=PCT with PCT a percentage >= 0, e.g. ttft_p99=5";
            return false;
        }

        tolerance = new MetricTolerance(metric, percent);
        error = null;
        return true;
    }
}
