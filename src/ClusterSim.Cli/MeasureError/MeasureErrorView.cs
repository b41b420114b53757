using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Measurements;
using Spectre.Console;

namespace ClusterSim.Cli.MeasureError;

/// <summary>The console form of a measure-error report: the harness notes, then one row per metric.</summary>
public static class MeasureErrorView
{
    /// <summary>Renders <paramref name="report"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, MeasureErrorReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var notes = report.Notes.Select(n => new KeyValuePair<string, string>(n.Warning ? "warning" : "ok", n.Text));
        console.Write(SummaryTable.KeyValue($"{report.Scenario} against {report.Measured} ({report.Format}, run {report.Record})", notes));

        var headers = new[] { "metric", "predicted", "measured", "error %", "measured from" };
        var rows = report.Metrics.Select(m => (IReadOnlyList<string>)
        [
            $"{m.Metric} ({m.Unit})",
            m.Predicted is { } p ? F(p) : "-",
            m.Measured is { } v ? F(v) : "not measured",
            m.ErrorPercent is { } e ? (e >= 0 ? "+" : string.Empty) + e.ToString("0.0", CultureInfo.InvariantCulture) : m.Status == MetricStatus.NotMeasured ? "-" : m.StatusText,
            m.MeasuredFrom ?? "-",
        ]);
        var gate = report.MaxErrorPercent is { } max
            ? report.Beyond.Count == 0 ? $"; every compared |error| within {F(max)} %" : $"; {report.Beyond.Count} beyond {F(max)} %: {string.Join(", ", report.Beyond)}"
            : string.Empty;
        console.Write(SummaryTable.Columns(
            $"Predicted against measured ({report.Accelerators} GPUs; error = (predicted - measured) / measured){gate}",
            headers,
            rows,
            new HashSet<string>(StringComparer.Ordinal) { "predicted", "error %" }));
    }

    private static string F(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
