using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterSim.Measurements;

namespace ClusterSim.Cli.MeasureError;

/// <summary>The --json form of a measure-error report, written through compile-time JSON metadata (no reflection).</summary>
public static class MeasureErrorJson
{
    /// <summary>The JSON text (indented, snake_case keys, ending with a newline).</summary>
    public static string Write(MeasureErrorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new Document(
            report.Scenario,
            report.ScenarioFile,
            report.Measured,
            report.Format,
            report.Record,
            report.Accelerators,
            report.MaxErrorPercent,
            report.Beyond.Count == 0,
            report.Notes.Select(n => new Note(n.Warning ? "warning" : "info", n.Text)).ToArray(),
            report.Metrics.Select(m => new Metric(m.Metric, m.Unit, Round(m.Predicted), Round(m.Measured), m.MeasuredFrom, Round(m.ErrorPercent), m.StatusText)).ToArray(),
            report.Beyond);
        return JsonSerializer.Serialize(document, Context.Document) + "\n";
    }

    // Relaxed escaping so that notes read as written ("harness's", not "harness\u0027s"); the output is never HTML.
    private static readonly MeasureErrorJsonContext Context = new(new JsonSerializerOptions(MeasureErrorJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 6) : null;

    /// <summary>The report as written.</summary>
    internal sealed record Document(
        string Scenario,
        string ScenarioFile,
        string Measured,
        string Format,
        int Record,
        int Accelerators,
        double? MaxErrorPercent,
        bool WithinMaxError,
        IReadOnlyList<Note> Notes,
        IReadOnlyList<Metric> Metrics,
        IReadOnlyList<string> BeyondMaxError);

    /// <summary>A harness note.</summary>
    internal sealed record Note(string Level, string Text);

    /// <summary>A metric row; null values are "not measured" or "not predicted", as <c>status</c> says.</summary>
    internal sealed record Metric(string Name, string Unit, double? Predicted, double? Measured, string? MeasuredFrom, double? ErrorPercent, string Status);
}

/// <summary>Compile-time JSON metadata of <see cref="MeasureErrorJson"/>'s document.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(MeasureErrorJson.Document))]
internal sealed partial class MeasureErrorJsonContext : JsonSerializerContext;
