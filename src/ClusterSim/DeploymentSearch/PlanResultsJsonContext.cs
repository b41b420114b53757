using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Compile-time JSON metadata for results.json, so reading and writing a plan folder needs no reflection (the CLI
/// publishes as Native AOT). Property and enum names are snake_case, as in every other file ClusterSim writes.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnakeCaseEnumConverter<PlanObjective>), typeof(SnakeCaseEnumConverter<PlanMode>)])]
[JsonSerializable(typeof(PlanResults))]
internal sealed partial class PlanResultsJsonContext : JsonSerializerContext;

/// <summary>An enum written and read by its snake_case name ("cost_per_token").</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower)
    where TEnum : struct, Enum;
