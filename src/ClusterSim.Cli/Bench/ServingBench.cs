using System.Diagnostics;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Cli.Bench;

/// <summary>
/// Quick figures for a whole serving simulation: the default scenario at step fidelity (and at layer fidelity), as
/// events per wall second, simulated seconds per wall second, and peak working set.
/// </summary>
public static class ServingBench
{
    /// <summary>Runs the default scenario (names resolved in <paramref name="catalog"/>), its length multiplied by <paramref name="scale"/>.</summary>
    public static IReadOnlyList<(string Name, double Value, string Unit)> Run(string scenarioPath, Input.Catalog catalog, int scale, CancellationToken ct)
    {
        var figures = new List<(string, double, string)>();
        foreach (var fidelity in new[] { "step", "layer" })
        {
            var minutes = 3 * Math.Max(1, scale);
            var plan = Planning.DeploymentPlanner.Resolve(ScenarioReader.Load(scenarioPath,
            [
                new ScenarioOverride("simulation.fidelity", fidelity),
                new ScenarioOverride("simulation.duration", $"{minutes} m"),
                new ScenarioOverride("workload.duration", $"{minutes} m"),
            ]), catalog);
            var scenario = plan.Scenario;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = ScenarioRunner.Run(plan, (ClusterSim.Telemetry.IRequestSink?)null, NullLogger.Instance, null, ct);
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            figures.Add(($"{scenario.Name} ({fidelity}) events per wall second", result.Events / result.WallSeconds, "events/s"));
            figures.Add(($"{scenario.Name} ({fidelity}) events per CPU second", result.Events / Math.Max(cpuSeconds, 1e-9), "events/s"));
            figures.Add(($"{scenario.Name} ({fidelity}) simulated seconds per wall second", result.SimulatedSeconds / result.WallSeconds, "x"));
            figures.Add(($"{scenario.Name} ({fidelity}) wall time", result.WallSeconds, "s"));
        }

        figures.Add(("peak working set", Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, "MB"));
        return figures;
    }
}
