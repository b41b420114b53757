using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterSim.Engine;
using ClusterSim.Hardware;
using ClusterSim.Scenarios;

namespace ClusterSim.Runs;

/// <summary>The resolved scenario as JSON (snake_case keys, enums as names, durations as text like "3 m", weight formats by name like "nvfp4").</summary>
public static class ScenarioJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    // The enum converter builds an EnumConverter<TEnum> for each enum type it meets, which a Native AOT build can only
    // do for instantiations compiled ahead of time. Every section goes through ScenarioJsonContext (GetTypeInfo below
    // throws for a type it does not cover), whose generated metadata instantiates EnumConverter<TEnum> for each enum
    // property it covers, so each one the converter can meet is compiled. Checked: an AOT build writes summary.json
    // byte for byte as the JIT build does (docs/performance.md, "Startup").
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = "Every enum written is instantiated by ScenarioJsonContext's generated metadata (see above).")]
    private static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new DurationConverter(), new WeightFormatConverter() },
        TypeInfoResolver = ScenarioJsonContext.Default,
    };

    /// <summary>Writes every section of <paramref name="scenario"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, Scenario scenario)
    {
        json.WriteStartObject();
        json.WriteString("name", scenario.Name);
        json.WriteNumber("seed", scenario.Seed);
        json.WriteString("source_file", Path.GetFileName(scenario.SourceFile));
        Section(json, "model", new ModelEcho(Path.GetFileName(scenario.Model.Config), scenario.Model.Precision));
        json.WriteString("hardware", Path.GetFileNameWithoutExtension(scenario.Hardware.NameOrPath));
        Section(json, "cluster", scenario.Cluster);
        Section(json, "deployment", scenario.Deployment);
        Section(json, "workload", scenario.Workload);
        Section(json, "scheduler", scenario.Scheduler);
        Section(json, "slo", scenario.Slo);
        Section(json, "simulation", scenario.Simulation);
        Section(json, "outputs", scenario.Outputs);
        Section(json, "experts", scenario.ExpertsOrDefault);
        if (scenario.Cost is { } cost)
        {
            // Echoed only when given, so a scenario without prices keeps its resolved_scenario as before.
            Section(json, "cost", cost);
        }
        json.WriteEndObject();
    }

    private static void Section(Utf8JsonWriter json, string name, object value)
    {
        json.WritePropertyName(name);
        // The runtime type, so a workload writes its synthetic or trace fields.
        JsonSerializer.Serialize(json, value, Options.GetTypeInfo(value.GetType()));
    }

    /// <summary>The model section as echoed: the config's file name, not its path.</summary>
    /// <param name="Config">File name of the model config.</param>
    /// <param name="Precision">Precision overrides.</param>
    internal sealed record ModelEcho(string Config, PrecisionOverrides Precision);

    private sealed class DurationConverter : JsonConverter<SimDuration>
    {
        public override SimDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            SimDuration.Parse(reader.GetString() ?? string.Empty);

        public override void Write(Utf8JsonWriter writer, SimDuration value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    private sealed class WeightFormatConverter : JsonConverter<WeightFormat>
    {
        public override WeightFormat Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            WeightFormat.TryParse(reader.GetString(), out var format) ? format : throw new JsonException($"'{reader.GetString()}' is not a weight format");

        public override void Write(Utf8JsonWriter writer, WeightFormat value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Name);
    }
}
