using ClusterSim.Measurements;

namespace ClusterSim.Cli.MeasureError;

/// <summary>What measure-error found: the inputs, the harness notes and one row per metric.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioFile">The scenario file.</param>
/// <param name="Measured">The measurement file.</param>
/// <param name="Format">Its format's name.</param>
/// <param name="Record">The run of the file compared (1-based).</param>
/// <param name="Accelerators">GPUs of the scenario's deployment.</param>
/// <param name="Notes">How the scenario lines up with the harness.</param>
/// <param name="Metrics">The metric rows.</param>
/// <param name="MaxErrorPercent">The --max-error gate, or null.</param>
/// <param name="Beyond">Names of compared metrics beyond the gate.</param>
public sealed record MeasureErrorReport(
    string Scenario,
    string ScenarioFile,
    string Measured,
    string Format,
    int Record,
    int Accelerators,
    IReadOnlyList<HarnessNote> Notes,
    IReadOnlyList<MetricError> Metrics,
    double? MaxErrorPercent,
    IReadOnlyList<string> Beyond);
