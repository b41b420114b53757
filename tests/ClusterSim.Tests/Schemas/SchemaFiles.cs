using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ClusterSim.Tests.Schemas;

/// <summary>The JSON Schemas shipped in the catalog (scenarios/schemas/), built once, and validation with readable errors.</summary>
internal static class SchemaFiles
{
    private static readonly Lazy<JsonSchema> ScenarioSchema = new(() => Build("scenario.schema.json"));
    private static readonly Lazy<JsonSchema> HardwareSchema = new(() => Build("hardware.schema.json"));
    private static readonly Lazy<JsonSchema> SummarySchema = new(() => Build("summary.schema.json"));
    private static readonly Lazy<JsonSchema> EngineSchema = new(() => Build("engine.schema.json"));
    private static readonly Lazy<JsonSchema> CalibrationSchema = new(() => Build("calibration.schema.json"));
    private static readonly Lazy<JsonSchema> PlanSchema = new(() => Build("plan.schema.json"));

    public static string Directory => Path.Combine(TestCatalog.Repository.ScenariosDirectory, "schemas");

    public static JsonSchema Scenario => ScenarioSchema.Value;

    public static JsonSchema Plan => PlanSchema.Value;

    public static JsonSchema Hardware => HardwareSchema.Value;

    public static JsonSchema Summary => SummarySchema.Value;

    public static JsonSchema Engine => EngineSchema.Value;

    public static JsonSchema Calibration => CalibrationSchema.Value;

    /// <summary>The schema file as a plain JSON tree, for reading its properties and enums.</summary>
    public static JsonObject Document(string fileName) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, fileName)))!.AsObject();

    /// <summary>Every failed assertion as "instance location: message"; empty when the instance is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode? instance)
    {
        var element = JsonSerializer.SerializeToElement(instance);
        var results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }

    private static JsonSchema Build(string fileName) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Directory, fileName)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
}
