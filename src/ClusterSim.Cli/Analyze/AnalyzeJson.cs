using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ClusterSim.Cli.Analyze;

/// <summary>Writes an <see cref="AnalyzeReport"/> as one JSON document (schema in docs/analyze.md).</summary>
internal static class AnalyzeJson
{
    // snake_case keys like the other outputs; numbers are written by System.Text.Json, which ignores culture.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        IndentSize = 2,
        // Readable names ("×", "—") in source labels; the document goes to a terminal or a file, never into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Compile-time metadata: no reflection over the report types at run time (same bytes).
        TypeInfoResolver = AnalyzeJsonContext.Default,
    };

    /// <summary>The report as indented JSON text with a final newline.</summary>
    public static string Serialize(AnalyzeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Through the options' metadata for the type, not the generic overload: that one may fall back on reflection,
        // which a Native AOT build does not have.
        return JsonSerializer.Serialize(report, (JsonTypeInfo<AnalyzeReport>)Options.GetTypeInfo(typeof(AnalyzeReport))) + "\n";
    }
}

/// <summary>Source-generated JSON metadata for <see cref="AnalyzeReport"/> and every type it holds.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, IndentSize = 2)]
[JsonSerializable(typeof(AnalyzeReport))]
internal sealed partial class AnalyzeJsonContext : JsonSerializerContext;
