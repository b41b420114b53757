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
        console.Write(SummaryTable.Columns(
            $"Predicted against measured ({report.Accelerators} GPUs; error = (predicted - measured) / measured)",
            headers,
            rows,
            new HashSet<string>(StringComparer.Ordinal) { "predicted", "measured", "error %" }));
        if (report.MaxErrorPercent is { } max)
        {
            // Outside the table so that a script (or a reader) finds the verdict on a line of its own.
            console.WriteLine(report.Beyond.Count == 0
                ? $"--max-error {F(max)} %: every compared |error| within it"
                : $"--max-error {F(max)} %: {report.Beyond.Count} beyond it: {string.Join(", ", report.Beyond)}");
        }
    }

    private static string F(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
