using System.Text.Json.Serialization;
using ClusterSim.Experts;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;

namespace ClusterSim.Runs;

/// <summary>
/// Compile-time JSON metadata for every section summary.json's resolved scenario writes (each workload kind by its
/// runtime type), so writing it needs no reflection: building that metadata by reflection was about an eighth of a
/// short run's CPU. The options match <see cref="ScenarioJson"/>'s, which adds its converters on top; the bytes
/// written are the same.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScenarioJson.ModelEcho))]
[JsonSerializable(typeof(ClusterSection))]
[JsonSerializable(typeof(DeploymentSection))]
[JsonSerializable(typeof(SyntheticWorkloadSpec))]
[JsonSerializable(typeof(TraceWorkloadSpec))]
[JsonSerializable(typeof(ClosedLoopWorkloadSpec))]
[JsonSerializable(typeof(SchedulerSection))]
[JsonSerializable(typeof(SloSection))]
[JsonSerializable(typeof(CostSection))]
[JsonSerializable(typeof(SimulationSection))]
[JsonSerializable(typeof(OutputsSection))]
[JsonSerializable(typeof(ExpertsSpec))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
